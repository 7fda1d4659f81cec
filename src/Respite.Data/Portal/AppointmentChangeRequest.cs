namespace Respite.Data.Portal;

public enum ChangeRequestKind
{
    Reschedule,
    Cancel,
}

public enum ChangeRequestStatus
{
    Open,

    /// <summary>The front desk made the change (or cancelled) and closed the request.</summary>
    Done,

    Declined,

    /// <summary>The patient withdrew it.</summary>
    Withdrawn,
}

/// <summary>A patient's request, from the portal, to move or cancel one of their appointments. Staff decide.</summary>
public sealed class AppointmentChangeRequest
{
    public Guid Id { get; set; }

    public Guid AppointmentId { get; set; }

    public Guid PatientId { get; set; }

    public ChangeRequestKind Kind { get; set; }

    /// <summary>The patient's words, e.g. which days or times suit them.</summary>
    public string Message { get; set; } = "";

    public ChangeRequestStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedByUserId { get; set; }

    /// <summary>Staff's answer, shown to the patient.</summary>
    public string? ResolutionNote { get; set; }

    public Guid Version { get; set; }
}
