using GigStore.Media.Contracts;
using GigStore.Modules;

[assembly: Module(Name = "Media", Description = "Image uploads checked and resized with libvips, stored per tenant.", Category = "Content")]
[assembly: Feature(MediaFeatures.Images, Name = "Images", Description = "Image uploads (JPEG, PNG, WebP, GIF) with responsive WebP and JPEG variants.")]
