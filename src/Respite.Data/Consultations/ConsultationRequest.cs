namespace Respite.Data.Consultations;

/// <summary>A request for a consultation sent from the public page.</summary>
public sealed class ConsultationRequest
{
    public Guid Id { get; set; }

    public string GivenName { get; set; } = "";

    public string FamilyName { get; set; } = "";

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public DateOnly DateOfBirth { get; set; }

    public ConsultationConcern Concern { get; set; }

    public List<string> PainConditions { get; set; } = [];

    public string? PreferredTimes { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public ConsultationStatus Status { get; set; }

    public Guid? PatientId { get; set; }

    public DateTimeOffset? HandledAt { get; set; }

    public string? HandledByUserId { get; set; }
}
