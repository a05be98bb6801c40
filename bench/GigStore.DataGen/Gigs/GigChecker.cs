using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;

namespace GigStore.DataGen.Gigs;

/// <summary>
/// Holds a sample of generated gigs to the catalogue's own rules (GigValidator, as the editor and the
/// gigs recipe step do before images are involved) and reads their JSON back as GigContent, so a
/// mistake in the generator stops the run instead of filling a database with gigs the site refuses.
/// </summary>
internal sealed class GigChecker(IReadOnlyList<Category> categories, int every)
{
    // The rules checked here use neither storage nor image owners (ValidateBeforeUpload); the gallery's ids come from the tenant's own images.
    private readonly GigValidator _validator = new(null!, null!);

    /// <summary>Whether gig <paramref name="index"/> is one of the sample.</summary>
    public bool Wants(int index) => index % every == 0;

    public void Check(GigRow row, GigContent content, int index)
    {
        var json = row.LiveJson ?? row.DraftJson ?? throw new InvalidOperationException($"Gig {index} has no content.");
        if (GigContent.FromJson(json).ToJson() != json)
        {
            throw new InvalidOperationException($"Gig {index}: its JSON does not read back as the same GigContent.");
        }

        var errors = _validator.ValidateBeforeUpload(content, categories, forPublish: row.State != GigState.Draft);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Generated gig {index} ('{row.Title}') breaks the catalogue's rules: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }
    }
}
