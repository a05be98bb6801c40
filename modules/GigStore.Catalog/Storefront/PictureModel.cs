using GigStore.Catalog.Gigs;

namespace GigStore.Catalog.Storefront;

/// <summary>A responsive picture: WebP with a JPEG fallback at every stored width.</summary>
public sealed record PictureModel(GalleryImage Image, string Alt, string Sizes, bool Eager = false)
{
    public string SrcSet(string format, Func<string, string> url)
    {
        // Built in one go: a page has a dozen of these.
        var prefix = url("/media/img/");
        var srcset = new System.Text.StringBuilder();
        foreach (var width in Image.Widths)
        {
            if (srcset.Length > 0)
            {
                srcset.Append(", ");
            }

            srcset.Append(prefix).Append(Image.Id).Append('-').Append(width).Append('.').Append(format).Append(' ').Append(width).Append('w');
        }

        return srcset.ToString();
    }

    /// <summary>The fallback src: the variant closest to 800 px.</summary>
    public int FallbackWidth => Image.Widths.OrderBy(w => Math.Abs(w - 800)).First();

    public int Height(int width) => (int)Math.Round((double)Image.Height * width / Image.Width);
}
