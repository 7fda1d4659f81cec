using System.Security.Claims;
using Respite.Data.Identity;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Patients;

/// <summary>
/// Resource-based access to one patient's record. Clinical and front-desk staff see every patient of the clinic;
/// a patient sees only their own record; administrators manage the system and see no clinical records.
/// A denial is answered as "not found", so it does not reveal that the patient exists.
/// </summary>
public sealed class PatientAccess
{
    public bool CanRead(ClaimsPrincipal user, Guid patientId) =>
        IsCareTeam(user) || (user.IsInRole(Roles.Patient) && user.OwnPatientId() == patientId);

    public bool CanWrite(ClaimsPrincipal user, Guid patientId) => IsCareTeam(user);

    public bool CanRecordAssessment(ClaimsPrincipal user, Guid patientId) => CanRead(user, patientId);

    public static bool IsCareTeam(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Prescriber) || user.IsInRole(Roles.Nurse) || user.IsInRole(Roles.FrontDesk);
}
