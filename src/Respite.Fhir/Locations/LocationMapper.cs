using Hl7.Fhir.Model;

namespace Respite.Fhir.Locations;

/// <summary>Clinic locations → Location (read-only).</summary>
public static class LocationMapper
{
    public static Location ToFhir(ClinicLocation source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var location = new Location
        {
            Id = FhirReferences.Id(source.Id),
            Status = source.Active ? Location.LocationStatus.Active : Location.LocationStatus.Inactive,
            Name = source.Name,
            Mode = Location.LocationMode.Instance,
            Extension = [new Extension(FhirSystems.TimeZoneExtension, new Code(source.TimeZoneId))],
        };
        if (source.Phone is { } phone)
        {
            location.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone));
        }

        if (source.Address is { } address)
        {
            location.Address = new Address { Text = address };
        }

        foreach (var hours in source.Hours.OrderBy(h => (int)h.Day == 0 ? 7 : (int)h.Day).ThenBy(h => h.Opens))
        {
            location.HoursOfOperation.Add(new Location.HoursOfOperationComponent
            {
                DaysOfWeek = [DayOf(hours.Day)],
                OpeningTime = FhirValues.Time(hours.Opens),
                ClosingTime = FhirValues.Time(hours.Closes),
            });
        }

        return location;
    }

    private static DaysOfWeek? DayOf(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => DaysOfWeek.Mon,
        DayOfWeek.Tuesday => DaysOfWeek.Tue,
        DayOfWeek.Wednesday => DaysOfWeek.Wed,
        DayOfWeek.Thursday => DaysOfWeek.Thu,
        DayOfWeek.Friday => DaysOfWeek.Fri,
        DayOfWeek.Saturday => DaysOfWeek.Sat,
        DayOfWeek.Sunday => DaysOfWeek.Sun,
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, null),
    };
}
