using GigStore.Catalog.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Sellers;

internal static class SellerProfiles
{
    /// <summary>The seller's profile, made (not yet saved) from their account name the first time it is needed, with a handle derived from it.</summary>
    public static async Task<SellerProfile> EnsureAsync(CatalogDb db, string userId, string displayName, TimeProvider clock, CancellationToken ct)
    {
        var profile = await db.Sellers.FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (profile is null)
        {
            profile = new SellerProfile
            {
                UserId = userId,
                Handle = await SellerHandles.DeriveAsync(db, displayName, ct),
                DisplayName = displayName,
                MemberSinceUtc = clock.GetUtcNow(),
            };
            db.Sellers.Add(profile);
        }

        return profile;
    }
}
