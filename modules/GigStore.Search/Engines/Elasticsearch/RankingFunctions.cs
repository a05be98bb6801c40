using System.Globalization;
using System.Text.Json.Nodes;
using GigStore.Search.Ranking;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// The quality multiplier of <see cref="RankingSettings"/> as a <c>function_score</c>: the functions are
/// summed (<c>score_mode: sum</c>) and multiply the text score (<c>boost_mode: multiply</c>), so a gig scores
/// <c>text × (1 + rating·wR + orders·wO + level·wL + recency·wF)</c> exactly like the SQLite engine.
/// The 1 is a <c>field_value_factor</c> on <see cref="GigIndex.QualityBase"/>, which every gig has at 1:
/// the API description lets a function carry a weight only beside a function of its own (its
/// <c>FunctionScoreContainer</c> needs one of exp, field_value_factor, … — a bare <c>{"weight": 1}</c> is
/// refused by the contract tests). Recency is an <c>exp</c> decay on the publication date that halves
/// every half-life: <c>0.5^(age / half-life)</c>, as <see cref="Signals.Recency"/>.
/// A function whose weight is 0 adds nothing and is left out.
/// </summary>
internal static class RankingFunctions
{
    public static JsonObject Apply(JsonObject query, RankingSettings ranking, DateTimeOffset now)
    {
        var functions = new JsonArray { Factor(GigIndex.QualityBase, 1, missing: 1) };
        foreach (var (field, weight) in new[]
        {
            (GigIndex.RatingSignal, ranking.RatingWeight),
            (GigIndex.OrdersSignal, ranking.OrdersWeight),
            (GigIndex.LevelSignal, ranking.LevelWeight),
        })
        {
            if (weight > 0)
            {
                functions.Add(Factor(field, weight, missing: 0));
            }
        }

        if (ranking.RecencyWeight > 0 && ranking.RecencyHalfLifeDays > 0)
        {
            functions.Add(new JsonObject
            {
                ["exp"] = new JsonObject
                {
                    [GigIndex.PublishedUtc] = new JsonObject
                    {
                        ["origin"] = GigIndex.Date(now),
                        ["scale"] = Duration(ranking.RecencyHalfLifeDays),
                        ["decay"] = 0.5,
                    },
                },
                ["weight"] = ranking.RecencyWeight,
            });
        }

        return new JsonObject
        {
            ["function_score"] = new JsonObject
            {
                ["query"] = query,
                ["functions"] = functions,
                ["score_mode"] = "sum",
                ["boost_mode"] = "multiply",
            },
        };
    }

    private static JsonObject Factor(string field, double factor, double missing) => new()
    {
        ["field_value_factor"] = new JsonObject { ["field"] = field, ["factor"] = factor, ["missing"] = missing },
    };

    /// <summary>Whole days as "90d", anything else in milliseconds ("129600000ms").</summary>
    private static string Duration(double days) =>
        days == Math.Floor(days)
            ? ((long)days).ToString(CultureInfo.InvariantCulture) + "d"
            : ((long)Math.Round(days * 86_400_000)).ToString(CultureInfo.InvariantCulture) + "ms";
}
