using GigStore.Catalog.Data;

namespace GigStore.Catalog.Gigs;

public enum GigAction
{
    Publish,
    Approve,
    Reject,
    Pause,
    Resume,
    Archive,
}

public enum GigActor
{
    Owner,
    Administrator,
}

/// <summary>
/// One row of the gig state machine. <see cref="AppliesDraft"/>: the draft replaces the live content
/// (it must then be complete). <see cref="Moderated"/>: the row applies only when moderation is on
/// (true), only when it is off (false), or either way (null).
/// </summary>
public sealed record GigTransition(GigState From, GigAction Action, GigActor Actor, GigState To, bool AppliesDraft, bool? Moderated = null);

/// <summary>The gig state machine as data, used by the API, the editor's buttons and the tests.</summary>
public static class GigLifecycle
{
    public static readonly IReadOnlyList<GigTransition> Transitions =
    [
        new(GigState.Draft, GigAction.Publish, GigActor.Owner, GigState.Published, AppliesDraft: true, Moderated: false),
        new(GigState.Rejected, GigAction.Publish, GigActor.Owner, GigState.Published, AppliesDraft: true, Moderated: false),
        new(GigState.Draft, GigAction.Publish, GigActor.Owner, GigState.PendingReview, AppliesDraft: false, Moderated: true),
        new(GigState.Rejected, GigAction.Publish, GigActor.Owner, GigState.PendingReview, AppliesDraft: false, Moderated: true),
        new(GigState.PendingReview, GigAction.Approve, GigActor.Administrator, GigState.Published, AppliesDraft: true),
        new(GigState.PendingReview, GigAction.Reject, GigActor.Administrator, GigState.Rejected, AppliesDraft: false),

        // Edits to a live gig are published over it in one step; the old content stays live until then.
        new(GigState.Published, GigAction.Publish, GigActor.Owner, GigState.Published, AppliesDraft: true),
        new(GigState.Paused, GigAction.Publish, GigActor.Owner, GigState.Paused, AppliesDraft: true),
        new(GigState.Published, GigAction.Pause, GigActor.Owner, GigState.Paused, AppliesDraft: false),
        new(GigState.Published, GigAction.Pause, GigActor.Administrator, GigState.Paused, AppliesDraft: false),
        new(GigState.Paused, GigAction.Resume, GigActor.Owner, GigState.Published, AppliesDraft: false),

        // Deleting archives: orders keep pointing at the gig.
        new(GigState.Draft, GigAction.Archive, GigActor.Owner, GigState.Archived, AppliesDraft: false),
        new(GigState.Rejected, GigAction.Archive, GigActor.Owner, GigState.Archived, AppliesDraft: false),
        new(GigState.PendingReview, GigAction.Archive, GigActor.Owner, GigState.Archived, AppliesDraft: false),
        new(GigState.Published, GigAction.Archive, GigActor.Owner, GigState.Archived, AppliesDraft: false),
        new(GigState.Paused, GigAction.Archive, GigActor.Owner, GigState.Archived, AppliesDraft: false),
    ];

    public static GigTransition? Find(GigState from, GigAction action, GigActor actor, bool moderated) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Action == action && t.Actor == actor && (t.Moderated is null || t.Moderated == moderated));

    /// <summary>What this actor can do with a gig in this state, for the buttons an editor shows.</summary>
    public static IEnumerable<GigAction> Allowed(GigState from, GigActor actor, bool moderated) =>
        Transitions.Where(t => t.From == from && t.Actor == actor && (t.Moderated is null || t.Moderated == moderated)).Select(t => t.Action).Distinct();
}
