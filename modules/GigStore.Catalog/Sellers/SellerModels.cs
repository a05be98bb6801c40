using System.ComponentModel.DataAnnotations;
using System.Globalization;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GigStore.Catalog.Sellers;

public sealed record SellerPage(SellerProfile Profile, IReadOnlyList<GigSummaryDto> Gigs)
{
    public string? CountryName => SellerProfileInput.CountryName(Profile.Country);

    /// <summary>Whether the seller is online now (<see cref="Contracts.ISellerPresence"/>).</summary>
    public bool Online { get; init; }
}

public sealed class SellerProfileInput
{
    [Required(ErrorMessage = "Choose a handle.")]
    [Display(Name = "Handle (the name in your profile address)")]
    public string Handle { get; set; } = "";

    /// <summary>The saved handle, for the link to the profile page (not part of the form).</summary>
    [BindNever]
    public string ProfileHandle { get; set; } = "";

    [Required(ErrorMessage = "Enter the name buyers see.")]
    [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    [Display(Name = "Display name")]
    public string DisplayName { get; set; } = "";

    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Tagline")]
    public string? Tagline { get; set; }

    [StringLength(3000, ErrorMessage = "Use at most 3,000 characters.")]
    [Display(Name = "About you")]
    public string? Bio { get; set; }

    [StringLength(400, ErrorMessage = "Use at most 400 characters.")]
    [Display(Name = "Skills (separated by commas)")]
    public string? Skills { get; set; }

    [StringLength(400, ErrorMessage = "Use at most 400 characters.")]
    [Display(Name = "Languages (one per line, e.g. \"English: Native\")")]
    public string? Languages { get; set; }

    [Display(Name = "Country")]
    public string? Country { get; set; }

    [Display(Name = "Profile photo (JPEG, PNG, WebP or GIF)")]
    public IFormFile? Avatar { get; set; }

    [Display(Name = "Vacation mode: hide my gigs and show that I am away")]
    public bool VacationMode { get; set; }

    public static readonly string[] Levels = ["Basic", "Conversational", "Fluent", "Native"];

    public static IReadOnlyList<(string Code, string Name)> Countries { get; } = [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => new RegionInfo(c.Name))
        .Where(r => r.TwoLetterISORegionName.Length == 2 && char.IsLetter(r.TwoLetterISORegionName[0]))
        .DistinctBy(r => r.TwoLetterISORegionName)
        .Select(r => (r.TwoLetterISORegionName, r.EnglishName))
        .OrderBy(r => r.EnglishName, StringComparer.OrdinalIgnoreCase)];

    public static string? CountryName(string? code) => code is null ? null : Countries.FirstOrDefault(c => c.Code == code).Name;

    public static SellerProfileInput From(SellerProfile profile) => new()
    {
        Handle = profile.Handle,
        DisplayName = profile.DisplayName,
        Tagline = profile.Tagline,
        Bio = profile.Bio,
        Skills = string.Join(", ", profile.Skills),
        Languages = string.Join("\n", profile.Languages.Select(l => $"{l.Language}: {l.Level}")),
        Country = profile.Country,
        VacationMode = profile.VacationMode,
    };

    /// <summary>Skills and languages as the profile stores them, or the field errors.</summary>
    public (List<string> Skills, List<SellerLanguage> Languages, Dictionary<string, string> Errors) Parse()
    {
        var errors = new Dictionary<string, string>();
        var skills = (Skills ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (skills.Count > 15 || skills.Any(s => s.Length > 30))
        {
            errors[nameof(Skills)] = "List at most 15 skills of up to 30 characters.";
        }

        var languages = new List<SellerLanguage>();
        foreach (var line in (Languages ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            var level = parts.Length == 2 ? Levels.FirstOrDefault(l => l.Equals(parts[1], StringComparison.OrdinalIgnoreCase)) : null;
            if (parts[0].Length is 0 or > 40 || level is null)
            {
                errors[nameof(Languages)] = $"Write each language as \"Language: Level\", with a level of {string.Join(", ", Levels)} (\"{line}\" is not).";
                break;
            }

            languages.Add(new SellerLanguage(parts[0], level));
        }

        if (!string.IsNullOrEmpty(Country) && CountryName(Country) is null)
        {
            errors[nameof(Country)] = "Choose a country from the list.";
        }

        return (skills, languages, errors);
    }
}
