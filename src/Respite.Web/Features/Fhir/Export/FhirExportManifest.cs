using System.Text.Json;
using System.Text.Json.Serialization;

namespace Respite.Web.Features.Fhir.Export;

/// <summary>One file of the complete-status manifest: the resource type, where to download it, how many resources it holds.</summary>
public sealed record FhirExportManifestFile(string Type, string Url, long Count);

/// <summary>
/// The body of the status request once an export is complete, as the Bulk Data specification defines it. <c>error</c>
/// lists OperationOutcome files, which carry warnings too (a type <c>_since</c> could not be applied to).
/// </summary>
public sealed record FhirExportManifest(
    string TransactionTime,
    string Request,
    bool RequiresAccessToken,
    IReadOnlyList<FhirExportManifestFile> Output,
    IReadOnlyList<FhirExportManifestFile> Error)
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
}
