namespace Respite.Data.Patients;

/// <summary>A dated body weight. Weights are never overwritten: each measurement is kept.</summary>
public sealed class WeightMeasurement
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public decimal WeightKg { get; set; }

    public DateOnly MeasuredOn { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string? RecordedByUserId { get; set; }
}
