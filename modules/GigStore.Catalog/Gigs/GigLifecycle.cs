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

/// <summary>What a transition does with the seller's draft.</summary>
public enum DraftEffect
{
    /// <summary>The draft stays as it is.</summary>
    None,

    /// <summary>The draft replaces the live content (it must then be complete).</summary>
    GoLive,

    /// <summary>The draft of a live gig is submitted for review; the live content stays until approval.</summary>
    Submit,

    /// <summary>The submitted draft is sent back to the seller with a reason; the live content stays.</summary>
    Decline,
}

/// <summary>
/// One row of the gig state machine. <see cref="Moderated"/>: the row applies only when moderation is
/// on (true), only when it is off (false), or either way (null). <see cref="DraftSubmitted"/>: the row
/// applies only while a live gig's edits wait for review (true), only while they do not (false), or
/// either way (null). <see cref="NeedsDraft"/>: the row applies only when the seller has unpublished
/// edits.
/// </summary>
public sealed record GigTransition(GigState From, GigAction Action, GigActor Actor, GigState To, DraftEffect Draft, bool? Moderated = null, bool? DraftSubmitted = null, bool NeedsDraft = false)
{
    public bool Matches(Gig gig, GigAction action, GigActor actor, bool moderated) =>
        From == gig.State && Action == action && Actor == actor
        && (Moderated is null || Moderated == moderated)
        && (DraftSubmitted is null || DraftSubmitted == (gig.DraftSubmittedUtc is not null))
        && (!NeedsDraft || gig.DraftJson is not null);
}

/// <summary>The gig state machine as data, used by the API, the editor's buttons and the tests.</summary>
public static class GigLifecycle
{
    public static readonly IReadOnlyList<GigTransition> Transitions =
    [
        new(GigState.Draft, GigAction.Publish, GigActor.Owner, GigState.Published, DraftEffect.GoLive, Moderated: false),
        new(GigState.Rejected, GigAction.Publish, GigActor.Owner, GigState.Published, DraftEffect.GoLive, Moderated: false),
        new(GigState.Draft, GigAction.Publish, GigActor.Owner, GigState.PendingReview, DraftEffect.None, Moderated: true),
        new(GigState.Rejected, GigAction.Publish, GigActor.Owner, GigState.PendingReview, DraftEffect.None, Moderated: true),
        new(GigState.PendingReview, GigAction.Approve, GigActor.Administrator, GigState.Published, DraftEffect.GoLive),
        new(GigState.PendingReview, GigAction.Reject, GigActor.Administrator, GigState.Rejected, DraftEffect.None),

        // Edits to a live gig: without moderation they are published over it in one step; with
        // moderation they wait for review while the old content stays live.
        new(GigState.Published, GigAction.Publish, GigActor.Owner, GigState.Published, DraftEffect.GoLive, Moderated: false, NeedsDraft: true),
        new(GigState.Paused, GigAction.Publish, GigActor.Owner, GigState.Paused, DraftEffect.GoLive, Moderated: false, NeedsDraft: true),
        new(GigState.Published, GigAction.Publish, GigActor.Owner, GigState.Published, DraftEffect.Submit, Moderated: true, DraftSubmitted: false, NeedsDraft: true),
        new(GigState.Paused, GigAction.Publish, GigActor.Owner, GigState.Paused, DraftEffect.Submit, Moderated: true, DraftSubmitted: false, NeedsDraft: true),
        new(GigState.Published, GigAction.Approve, GigActor.Administrator, GigState.Published, DraftEffect.GoLive, DraftSubmitted: true),
        new(GigState.Paused, GigAction.Approve, GigActor.Administrator, GigState.Paused, DraftEffect.GoLive, DraftSubmitted: true),
        new(GigState.Published, GigAction.Reject, GigActor.Administrator, GigState.Published, DraftEffect.Decline, DraftSubmitted: true),
        new(GigState.Paused, GigAction.Reject, GigActor.Administrator, GigState.Paused, DraftEffect.Decline, DraftSubmitted: true),

        new(GigState.Published, GigAction.Pause, GigActor.Owner, GigState.Paused, DraftEffect.None),
        new(GigState.Published, GigAction.Pause, GigActor.Administrator, GigState.Paused, DraftEffect.None),
        new(GigState.Paused, GigAction.Resume, GigActor.Owner, GigState.Published, DraftEffect.None),

        // Deleting archives: orders keep pointing at the gig.
        new(GigState.Draft, GigAction.Archive, GigActor.Owner, GigState.Archived, DraftEffect.None),
        new(GigState.Rejected, GigAction.Archive, GigActor.Owner, GigState.Archived, DraftEffect.None),
        new(GigState.PendingReview, GigAction.Archive, GigActor.Owner, GigState.Archived, DraftEffect.None),
        new(GigState.Published, GigAction.Archive, GigActor.Owner, GigState.Archived, DraftEffect.None),
        new(GigState.Paused, GigAction.Archive, GigActor.Owner, GigState.Archived, DraftEffect.None),
    ];

    public static GigTransition? Find(Gig gig, GigAction action, GigActor actor, bool moderated) =>
        Transitions.FirstOrDefault(t => t.Matches(gig, action, actor, moderated));

    /// <summary>What this actor can do with the gig now, for the buttons an editor shows.</summary>
    public static IEnumerable<GigAction> Allowed(Gig gig, GigActor actor, bool moderated) =>
        Enum.GetValues<GigAction>().Where(a => Find(gig, a, actor, moderated) is not null);
}
