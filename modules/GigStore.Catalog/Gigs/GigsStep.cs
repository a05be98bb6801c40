using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Catalog.Sellers;
using GigStore.Media.Contracts;
using GigStore.Recipes;
using GigStore.Shell.Recipes;
using GigStore.Users.Contracts;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Catalog.Gigs;

public sealed record RecipeGig(
    string Seller,
    string Category,
    string Title,
    string Description,
    PackageOffer[] Packages,
    string[] Images,
    string[]? Tags = null,
    Dictionary<string, string[]>? Attributes = null,
    FaqItem[]? Faq = null,
    RequirementQuestion[]? Requirements = null,
    string[]? PackageFeatures = null,
    GigExtra[]? Extras = null,
    string? Currency = null,
    int MaxQuantity = 1,
    bool Publish = true,
    RecipeGigStats? Stats = null);

/// <summary>A demo gig's track record (real stores get these from orders and reviews).</summary>
public sealed record RecipeGigStats(double Rating = 0, int Reviews = 0, int Orders = 0);

/// <summary>A seller's profile: made if the seller has none yet; the handle, if given, replaces a derived one.</summary>
public sealed record RecipeSeller(
    string Email,
    string? Tagline = null,
    string? Bio = null,
    string? Handle = null,
    SellerLevel? Level = null,
    string? Country = null,
    SellerLanguage[]? Languages = null);

public sealed record GigsStep(RecipeGig[] Gigs, RecipeSeller[]? Sellers = null);

/// <summary>
/// <c>{ "name": "gigs", "sellers": [{ "email", "handle", "tagline", "bio" }], "gigs": [{ "seller": email, "category": slug, "title", ..., "images": ["media/x.jpg"] }] }</c>.
/// Sellers are users with the Seller role (an earlier users step may create them); each gets a profile
/// with a handle (the one given, else derived from their name); images are files next to the recipe. Every gig is checked by the same rules as the editor before anything runs;
/// a seller's gig with the same title is not created twice.
/// </summary>
internal sealed class GigsStepHandler(RecipeLibrary recipes) : RecipeStepHandler<GigsStep>
{
    public override string StepName => "gigs";

    protected override void Validate(GigsStep step, RecipeValidationContext context)
    {
        var services = context.Services;
        var db = services.GetRequiredService<CatalogDb>();
        var validator = services.GetRequiredService<GigValidator>();
        var users = services.GetRequiredService<UserManager<GigUser>>();
        var categories = KnownCategories(db, context);
        var declaredUsers = context.Items.TryGetValue(UsersRecipe.DeclaredUsersKey, out var declared) ? (Dictionary<string, string[]>)declared : [];

        for (var i = 0; i < step.Gigs.Length; i++)
        {
            var gig = step.Gigs[i];
            var at = $"gigs[{i}]";
            var isSeller = declaredUsers.TryGetValue(gig.Seller, out var roles)
                ? roles.Contains(Roles.Seller, StringComparer.OrdinalIgnoreCase)
                : users.FindByEmailAsync(gig.Seller).GetAwaiter().GetResult() is { } user && users.IsInRoleAsync(user, Roles.Seller).GetAwaiter().GetResult();
            if (!isSeller)
            {
                context.AddError($"{at}.seller", $"'{gig.Seller}' is not a user with the Seller role (create it in an earlier users step)");
            }

            var category = categories.FirstOrDefault(c => c.Slug == gig.Category);
            if (category is null)
            {
                context.AddError($"{at}.category", $"'{gig.Category}' is not a category");
                continue;
            }

            for (var m = 0; m < gig.Images.Length; m++)
            {
                if (ImagePath(gig.Images[m]) is not { } path || !File.Exists(path))
                {
                    context.AddError($"{at}.images[{m}]", $"'{gig.Images[m]}' is not a file in the recipes folder");
                }
            }

            if (gig.Stats is { } stats && (stats.Reviews < 0 || stats.Orders < 0 || (stats.Reviews == 0 ? stats.Rating != 0 : stats.Rating is < 1 or > 5)))
            {
                context.AddError($"{at}.stats", "rating must be 1–5 when there are reviews (0 without), reviews and orders at least 0");
            }

            if (gig.Publish && gig.Images.Length == 0)
            {
                context.AddError($"{at}.images", "a published gig needs at least one image");
            }

            var content = Content(gig, category, []);
            foreach (var (field, messages) in validator.ValidateBeforeUpload(content, categories, gig.Publish))
            {
                context.AddError($"{at}.{field}", string.Join(" ", messages));
            }
        }

        var handles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (seller, index) in (step.Sellers ?? []).Select((s, n) => (s, n)))
        {
            var at = $"sellers[{index}]";
            var existing = users.FindByEmailAsync(seller.Email).GetAwaiter().GetResult();
            var isSeller = declaredUsers.TryGetValue(seller.Email, out var roles)
                ? roles.Contains(Roles.Seller, StringComparer.OrdinalIgnoreCase)
                : existing is not null && users.IsInRoleAsync(existing, Roles.Seller).GetAwaiter().GetResult();
            if (!isSeller)
            {
                context.AddError($"{at}.email", $"'{seller.Email}' is not a user with the Seller role (create it in an earlier users step)");
            }

            if (seller.Country is { } country && !(country.Length == 2 && country.All(char.IsAsciiLetterUpper)))
            {
                context.AddError($"{at}.country", "must be a two-letter ISO 3166 code in capitals, such as DE");
            }

            if (seller.Tagline is { Length: > 120 })
            {
                context.AddError($"{at}.tagline", "must be at most 120 characters");
            }

            if (seller.Handle is { } handle)
            {
                if (SellerHandles.Problem(handle) is { } problem)
                {
                    context.AddError($"{at}.handle", problem);
                }
                else if (!handles.Add(handle))
                {
                    context.AddError($"{at}.handle", $"'{handle}' is given to two sellers");
                }
                else if (!SellerHandles.IsFreeAsync(db, handle, existing?.Id, CancellationToken.None).GetAwaiter().GetResult())
                {
                    context.AddError($"{at}.handle", $"'{handle}' is another seller's handle");
                }
            }
        }
    }

    protected override async Task ExecuteAsync(GigsStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var db = services.GetRequiredService<CatalogDb>();
        var gigs = services.GetRequiredService<GigService>();
        var images = services.GetRequiredService<IImageStore>();
        var users = services.GetRequiredService<UserManager<GigUser>>();
        var categories = await db.Categories.AsNoTracking().Include(c => c.Attributes).ToListAsync(cancellationToken);
        var clock = services.GetRequiredService<TimeProvider>();

        // Profiles first, so that handles derived for the gigs' other sellers steer clear of the ones given here.
        foreach (var entry in step.Sellers ?? [])
        {
            var user = await users.FindByEmailAsync(entry.Email) ?? throw new InvalidOperationException($"Seller {entry.Email} does not exist.");
            var profile = await SellerProfiles.EnsureAsync(db, user.Id, user.DisplayName, clock, cancellationToken);
            if (entry.Handle is { } handle)
            {
                await SellerHandles.ChangeAsync(db, profile, handle, cancellationToken);
            }

            profile.Tagline = entry.Tagline?.Trim() ?? profile.Tagline;
            profile.Bio = entry.Bio?.Trim() ?? profile.Bio;
            profile.Level = entry.Level ?? profile.Level;
            profile.Country = entry.Country ?? profile.Country;
            profile.Languages = entry.Languages is { } languages ? [.. languages] : profile.Languages;
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var entry in step.Gigs)
        {
            var seller = await users.FindByEmailAsync(entry.Seller) ?? throw new InvalidOperationException($"Seller {entry.Seller} does not exist.");
            if (await db.Gigs.AnyAsync(g => g.SellerId == seller.Id && g.Title == entry.Title.Trim() && g.State != GigState.Archived, cancellationToken))
            {
                continue;
            }

            var gallery = new List<GalleryImage>();
            foreach (var file in entry.Images)
            {
                await using var stream = File.OpenRead(ImagePath(file)!);
                var uploaded = await images.UploadAsync(stream, stream.Length, seller.Id, cancellationToken);
                var image = uploaded.Image ?? throw new InvalidOperationException($"{file}: {uploaded.Rejection!.Message}");
                gallery.Add(new GalleryImage(image.Id, image.Width, image.Height, [.. image.Widths]));
            }

            var category = categories.First(c => c.Slug == entry.Category);
            var created = await gigs.CreateAsync(seller.Id, seller.DisplayName, Content(entry, category, gallery), cancellationToken);
            Ensure(created);
            if (entry.Stats is { } stats)
            {
                created.Gig!.RatingAverage = stats.Rating;
                created.Gig.ReviewCount = stats.Reviews;
                created.Gig.OrdersCompleted = stats.Orders;
                await db.SaveChangesAsync(cancellationToken);
            }

            if (entry.Publish)
            {
                Ensure(await gigs.ApplyAsync(created.Gig!, GigAction.Publish, GigActor.Owner, null, cancellationToken));
            }
        }

    }

    private static void Ensure(GigResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Conflict ?? string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
    }

    /// <summary>A subcategory's gig goes in its parent category; a top category without children takes gigs itself.</summary>
    private static GigContent Content(RecipeGig gig, Category category, IReadOnlyList<GalleryImage> gallery) => new()
    {
        Title = gig.Title,
        CategoryId = category.ParentId ?? category.Id,
        SubcategoryId = category.ParentId is null ? null : category.Id,
        Attributes = gig.Attributes ?? [],
        Tags = gig.Tags ?? [],
        Description = gig.Description,
        Faq = gig.Faq ?? [],
        Requirements = gig.Requirements ?? [],
        Gallery = [.. gallery],
        PackageFeatures = gig.PackageFeatures ?? [],
        Packages = gig.Packages,
        Extras = gig.Extras ?? [],
        Currency = gig.Currency ?? "USD",
        MaxQuantity = gig.MaxQuantity,
    };

    /// <summary>The file, if it is inside the recipes folder.</summary>
    private string? ImagePath(string relative)
    {
        var root = Path.GetFullPath(recipes.Folder) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, relative));
        return path.StartsWith(root, StringComparison.Ordinal) ? path : null;
    }

    /// <summary>Categories in the database plus those an earlier categories step declares (with stand-in ids).</summary>
    private static List<Category> KnownCategories(CatalogDb db, RecipeValidationContext context)
    {
        var known = db.Categories.AsNoTracking().Include(c => c.Attributes).ToList();
        if (context.Items.TryGetValue(CategoriesStepHandler.DeclaredKey, out var declared))
        {
            var nextId = -1;
            foreach (var top in (CategoryEntry[])declared)
            {
                var parent = Upsert(top, null);
                foreach (var sub in top.Subcategories ?? [])
                {
                    Upsert(sub, parent.Id);
                }
            }

            Category Upsert(CategoryEntry entry, int? parentId)
            {
                known.RemoveAll(c => c.Slug == entry.Slug);
                var category = new Category
                {
                    Id = nextId--,
                    ParentId = parentId,
                    Slug = entry.Slug,
                    Name = entry.Name,
                    Attributes = [.. (entry.Attributes ?? []).Select(a => new CategoryAttribute { Key = a.Key, Name = a.Name, Options = [.. a.Options], MultiSelect = a.MultiSelect, Required = a.Required })],
                };
                known.Add(category);
                return category;
            }
        }

        return known;
    }
}
