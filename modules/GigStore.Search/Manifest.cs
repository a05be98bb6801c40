using GigStore.Catalog.Contracts;
using GigStore.Modules;
using GigStore.Search.Contracts;

[assembly: Module(Name = "Search", Description = "Finding gigs: full-text search with facets, typo tolerance and autocomplete.", Category = "Commerce")]
[assembly: Feature(SearchFeatures.Search, Name = "Search", Description = "Search box with autocomplete on every page, a results page with facets, and a JSON search API; the index is SQLite FTS5 in the tenant's folder.", Dependencies = [CatalogFeatures.Gigs])]
[assembly: Feature(SearchFeatures.Elasticsearch, Name = "Elasticsearch", Description = "Keeps the tenant's search index in Elasticsearch (URL and API key in the search settings), for large catalogues and several app nodes.", Dependencies = [SearchFeatures.Search])]
