namespace Respite.Data.Identity;

/// <summary>The roles of the clinic. Names are stable: they appear in tokens, audit events and configuration.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Prescriber = "prescriber";
    public const string Nurse = "nurse";
    public const string FrontDesk = "front-desk";
    public const string Patient = "patient";

    public static IReadOnlyList<string> Staff { get; } = [Admin, Prescriber, Nurse, FrontDesk];

    public static IReadOnlyList<string> All { get; } = [Admin, Prescriber, Nurse, FrontDesk, Patient];

    public static string DisplayName(string role) => role switch
    {
        Admin => "Administrator",
        Prescriber => "Prescriber",
        Nurse => "Nurse / CRNA",
        FrontDesk => "Front desk",
        Patient => "Patient",
        _ => role,
    };
}
