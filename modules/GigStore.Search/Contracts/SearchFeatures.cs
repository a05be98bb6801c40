namespace GigStore.Search.Contracts;

public static class SearchFeatures
{
    /// <summary>Search with facets and autocomplete; SQLite FTS5 embedded engine by default.</summary>
    public const string Search = "GigStore.Search";

    /// <summary>The tenant's index lives in Elasticsearch (configured by URL and API key) instead of SQLite FTS5.</summary>
    public const string Elasticsearch = "GigStore.Search.Elasticsearch";
}
