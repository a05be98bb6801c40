namespace GigStore.DataGen.Sellers;

/// <summary>A country sellers come from: Bogus' locale for their names and the language they speak natively.</summary>
internal sealed record Country(string Code, string Locale, string Language, double Weight);

/// <summary>Where a gig marketplace's sellers live, roughly in the proportions the big marketplaces report (Latin-script names only, so handles derive from them).</summary>
internal static class Countries
{
    public static readonly Country[] All =
    [
        new("US", "en_US", "English", 16), new("IN", "en_IND", "Hindi", 13), new("PK", "en_IND", "Urdu", 7), new("GB", "en_GB", "English", 7),
        new("NG", "en_NG", "Yoruba", 5), new("BD", "en_IND", "Bengali", 4), new("DE", "de", "German", 4), new("PH", "en", "Filipino", 4),
        new("BR", "pt_BR", "Portuguese", 4), new("FR", "fr", "French", 3), new("ES", "es", "Spanish", 3), new("CA", "en_CA", "English", 3),
        new("IT", "it", "Italian", 2), new("AU", "en_AU", "English", 2), new("NL", "nl", "Dutch", 2), new("PL", "pl", "Polish", 2),
        new("TR", "tr", "Turkish", 2), new("MX", "es_MX", "Spanish", 2), new("ID", "id_ID", "Indonesian", 2), new("VN", "vi", "Vietnamese", 2),
        new("RO", "ro", "Romanian", 2), new("ZA", "en_ZA", "English", 2), new("PT", "pt_PT", "Portuguese", 1), new("SE", "sv", "Swedish", 1),
        new("IE", "en_IE", "English", 1), new("KE", "en", "Swahili", 1), new("FI", "fi", "Finnish", 0.5), new("NO", "nb_NO", "Norwegian", 0.5),
    ];

    public static readonly double[] Weights = [.. All.Select(c => c.Weight)];

    /// <summary>Languages sellers add besides their own and English.</summary>
    public static readonly string[] Extra = ["Spanish", "French", "German", "Arabic", "Hindi", "Portuguese", "Italian", "Chinese", "Russian", "Japanese"];
}
