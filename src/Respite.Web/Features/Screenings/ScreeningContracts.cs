using Respite.Clinical.Screening;

namespace Respite.Web.Features.Screenings;

public sealed record FindingDto(string RuleId, FindingSeverity Severity, string Message, string Source, bool RequiresAcknowledgement);

public sealed record ModalityResultDto(Modality Modality, Eligibility Eligibility, IReadOnlyList<FindingDto> Findings);

public sealed record ScreeningDto(
    Guid Id,
    Guid PatientId,
    DateTimeOffset EvaluatedAt,
    string EvaluatedBy,
    IReadOnlyList<ModalityResultDto> Results,
    bool SuicideRiskAlert,
    int OpenAlerts,
    DateTimeOffset? SignedAt,
    string? SignedBy,
    string? SignatureNote,
    Guid Version);

public sealed record SignInput(string? Note, Guid? Version);
