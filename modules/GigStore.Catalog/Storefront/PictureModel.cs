using GigStore.Catalog.Gigs;

namespace GigStore.Catalog.Storefront;

/// <summary>A responsive picture: WebP with a JPEG fallback at every stored width.</summary>
public sealed record PictureModel(GalleryImage Image, string Alt, string Sizes, bool Eager = false)
{
    public string SrcSet(string format, Func<string, string> url) =>
        string.Join(", ", Image.Widths.Select(w => $"{url($"/media/img/{Image.Id}-{w}.{format}")} {w}w"));

    /// <summary>The fallback src: the variant closest to 800 px.</summary>
    public int FallbackWidth => Image.Widths.OrderBy(w => Math.Abs(w - 800)).First();

    public int Height(int width) => (int)Math.Round((double)Image.Height * width / Image.Width);
}
