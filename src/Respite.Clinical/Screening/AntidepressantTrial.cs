namespace Respite.Clinical.Screening;

/// <summary>
/// One antidepressant trial in the current episode. <see cref="Adequate"/> is the clinician's judgement of an adequate
/// dose for an adequate duration; only adequate trials count towards treatment-resistant depression.
/// </summary>
public sealed record AntidepressantTrial(string Drug, bool Adequate, decimal? DoseMg = null, int? Weeks = null, string? Outcome = null);
