namespace Respite.Fhir.Tests;

/// <summary>Fixed ids and times, so that golden files never change between runs.</summary>
internal static class Samples
{
    public static readonly Guid PatientId = Guid.Parse("6f1c2a3e-0d4b-4c6a-9b1e-2f3a4b5c6d7e");
    public static readonly Guid SessionId = Guid.Parse("0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e");
    public static readonly Guid ReadingId = Guid.Parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    public static readonly Guid AssessmentId = Guid.Parse("c0ffee00-1234-4abc-9def-00000000a001");
    public static readonly Guid WeightId = Guid.Parse("d00dfeed-0000-4000-8000-00000000b002");
    public static readonly Guid LocationId = Guid.Parse("10ca7100-0000-4000-8000-000000000001");
    public static readonly Guid AppointmentId = Guid.Parse("a9901111-2222-4333-8444-555566667777");
    public static readonly Guid PlanId = Guid.Parse("91a40000-0000-4000-8000-000000000002");
    public static readonly Guid PreviousPlanId = Guid.Parse("91a40000-0000-4000-8000-000000000001");
    public static readonly Guid PlanGroupId = Guid.Parse("91a4f000-0000-4000-8000-000000000000");
    public const string NurseId = "5e1d7c1a-8b2f-4e3d-9a6c-7b8e9f0a1b2c";
    public const string PrescriberId = "7c3a9e2b-1d4f-4a8c-b6e5-9f0d1c2b3a4e";

    public static readonly DateTimeOffset Morning = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
}
