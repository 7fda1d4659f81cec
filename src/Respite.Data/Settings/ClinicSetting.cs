namespace Respite.Data.Settings;

/// <summary>A clinic-configurable group of settings stored as JSON, e.g. the screening thresholds.</summary>
public sealed class ClinicSetting
{
    public string Key { get; set; } = "";

    public string ValueJson { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedByUserId { get; set; }

    public Guid Version { get; set; }
}
