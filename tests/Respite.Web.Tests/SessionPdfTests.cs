using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Respite.Data.Identity;
using Respite.Web.Tests.Infrastructure;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Respite.Web.Tests;

/// <summary>The session record and REMS form PDFs, fetched after whole sessions charted through the API.</summary>
public sealed class SessionPdfTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    /// <summary>The text of a PDF's pages in drawing order, and its page count.</summary>
    internal static (string Text, int Pages) Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)));
        return (text, document.NumberOfPages);
    }

    /// <summary>Writes the PDF to the folder named by RESPITE_PDF_OUT, when set, to look at it.</summary>
    internal static void Keep(string name, byte[] pdf)
    {
        if (Environment.GetEnvironmentVariable("RESPITE_PDF_OUT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name), pdf);
        }
    }

    private async Task<(byte[] Pdf, HttpResponseMessage Response)> PdfAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        return (pdf, response);
    }

    private async Task<JsonElement> PatientAsync()
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        return await TestData.CreatePatientAsync(desk);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private async Task DischargeAndSignAsync(string id)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var version = (await (await nurse.GetAsync($"/api/sessions/{id}")).ReadJsonAsync()).GetProperty("version").GetString();
        var discharged = await PostAsync(nurse, $"/api/sessions/{id}/discharge", new { ambulating = true, escortPresent = true, dissociationResolved = true, note = "Left with her partner.", version });
        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        await PostAsync(prescriber, $"/api/sessions/{id}/sign", new { version = discharged.GetProperty("version").GetString() });
    }

    [Fact]
    public async Task Esketamine_FullSession_RemsFormAndRecordPdfs_OnePageEach_WithTheChartedFacts()
    {
        var patient = await PatientAsync();
        var patientId = patient.GetProperty("id").GetString();
        var recordNumber = patient.GetProperty("recordNumber").GetString()!;
        var familyName = patient.GetProperty("familyName").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-150);
        var session = await PostAsync(nurse, $"/api/patients/{patientId}/sessions", new
        {
            kind = "esketamine", checkedInAt = t0, weightKg = 71.5, baseline = new { systolic = 128, diastolic = 82, heartRate = 76, spo2 = 98 },
            lastFood = t0.AddHours(-3), lastLiquid = t0.AddHours(-1), rideHomeArranged = true, remsEnrolled = true, newInteractingMedication = false, possiblyPregnant = false,
        });
        var id = session.GetProperty("id").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(nurse, $"/api/sessions/{id}/doses", new { kind = "esketamine-device", at = t0.AddMinutes(10 + (5 * i)), lotNumber = "24K031" });
        }

        await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(50), systolic = 138, diastolic = 86, heartRate = 80, spo2 = 97, moaas = 4 });
        var low = await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(60), spo2 = 89 });
        Assert.Equal("SAF-SPO2-001", low.GetProperty("alerts")[0].GetProperty("ruleId").GetString());
        await PostAsync(nurse, $"/api/sessions/{id}/alerts/{low.GetProperty("alerts")[0].GetProperty("id").GetString()}/acknowledge", new { note = "Stimulated; SpO2 back to 97 % on room air." });
        await PostAsync(nurse, $"/api/sessions/{id}/side-effects", new { effect = "dissociation", severity = "moderate", at = t0.AddMinutes(40), cadssTotal = 9, intervention = "Reassurance, dim lights" });

        // Before discharge the form is a draft: the missing answers are printed as such.
        var (draftPdf, draftResponse) = await PdfAsync(nurse, $"/api/sessions/{id}/rems-form.pdf");
        Keep("rems-form-draft.pdf", draftPdf);
        var (draft, draftPages) = Read(draftPdf);
        Assert.Equal(1, draftPages);
        Assert.Contains("DRAFT", draft);
        Assert.Contains("not answered", draft);
        Assert.Contains("not been discharged", draft);
        Assert.Contains(recordNumber, draft);
        Assert.Contains("24K031", draft);
        var disposition = draftResponse.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Contains(id, disposition!.FileNameStar ?? disposition.FileName);
        Assert.DoesNotContain(familyName, disposition.ToString());

        await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-2), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });
        await PostAsync(nurse, $"/api/sessions/{id}/side-effects", new { effect = "dissociation", severity = "none", cadssTotal = 0 });
        await DischargeAndSignAsync(id);

        var (formPdf, _) = await PdfAsync(nurse, $"/api/sessions/{id}/rems-form.pdf?paper=a4");
        Keep("rems-form-complete.pdf", formPdf);
        var (form, formPages) = Read(formPdf);
        Assert.Equal(1, formPages);
        Assert.Contains("COMPLETE", form);
        Assert.DoesNotContain("not answered", form);
        Assert.Contains("Noah Nurse", form);
        Assert.Contains(patient.GetProperty("givenName").GetString() + " " + familyName, form);

        var prescriber = await factory.ClientForAsync(Roles.Prescriber);
        var (recordPdf, recordResponse) = await PdfAsync(prescriber, $"/api/sessions/{id}/record.pdf");
        Keep("record-esketamine.pdf", recordPdf);
        var (record, recordPages) = Read(recordPdf);
        Assert.Equal(1, recordPages);
        Assert.Contains(recordNumber, record);
        Assert.Contains("SAF-SPO2-001", record);
        Assert.Contains("24K031", record);
        Assert.Contains("Cumulative dose: 84 mg", record);
        Assert.Contains("Noah Nurse", record);
        Assert.Contains("Dr Priya Prescriber", record);
        Assert.Contains("Stimulated; SpO2 back", record);
        Assert.Contains("dissociation", record);
        Assert.DoesNotContain(familyName, recordResponse.Content.Headers.ContentDisposition!.ToString());

        // Each PDF is audited as an export of the patient's record.
        var exports = await factory.WithDbAsync(db => Task.FromResult(db.AuditEvents
            .Where(e => e.PatientId == Guid.Parse(patientId!) && e.Action == Respite.Data.Auditing.AuditAction.Export)
            .Select(e => e.Detail).ToList()));
        Assert.Equal(2, exports.Count(d => d == "rems form pdf"));
        Assert.Single(exports, d => d == "session record pdf");
    }

    [Fact]
    public async Task IvInfusion_FullSession_RecordPdf_OnePage_AndNoRemsForm()
    {
        var patient = await PatientAsync();
        var recordNumber = patient.GetProperty("recordNumber").GetString()!;
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-150);
        var session = await PostAsync(nurse, $"/api/patients/{patient.GetProperty("id").GetString()}/sessions", new
        {
            kind = "iv-infusion", checkedInAt = t0.AddMinutes(-10), weightKg = 70.5, baseline = new { systolic = 124, diastolic = 80, heartRate = 72, spo2 = 98 },
            rideHomeArranged = true, concentrationMgPerMl = 1,
        });
        var id = session.GetProperty("id").GetString()!;
        var doses = $"/api/sessions/{id}/doses";
        await PostAsync(nurse, doses, new { kind = "start", at = t0, rateMgPerHour = 52.5 });
        await PostAsync(nurse, doses, new { kind = "rate-change", at = t0.AddMinutes(10), rateMgPerHour = 30, reason = "Nausea" });
        await PostAsync(nurse, $"/api/sessions/{id}/side-effects", new { effect = "nausea", severity = "mild", at = t0.AddMinutes(9), intervention = "Ondansetron 4 mg IV" });
        await PostAsync(nurse, doses, new { kind = "pause", at = t0.AddMinutes(20) });
        await PostAsync(nurse, doses, new { kind = "resume", at = t0.AddMinutes(25), rateMgPerHour = 60 });
        foreach (var minutes in new[] { 5, 15, 30, 40 })
        {
            await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(minutes), systolic = 130 + minutes / 5, diastolic = 82, heartRate = 78, spo2 = 97, respiratoryRate = 14, moaas = 5 });
        }

        var low = await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = t0.AddMinutes(42), spo2 = 88 });
        await PostAsync(nurse, $"/api/sessions/{id}/alerts/{low.GetProperty("alerts")[0].GetProperty("id").GetString()}/acknowledge", new { note = "Chin lift; back to 96 %." });
        await PostAsync(nurse, doses, new { kind = "stop", at = t0.AddMinutes(45) });
        await PostAsync(nurse, $"/api/sessions/{id}/vitals", new { takenAt = DateTimeOffset.UtcNow.AddMinutes(-1), systolic = 126, diastolic = 80, heartRate = 72, spo2 = 98, moaas = 5 });

        // Before the signatures the record says so.
        var (openPdf, _) = await PdfAsync(nurse, $"/api/sessions/{id}/record.pdf");
        Assert.Contains("not signed", Read(openPdf).Text);

        await DischargeAndSignAsync(id);
        var (pdf, _) = await PdfAsync(nurse, $"/api/sessions/{id}/record.pdf");
        Keep("record-iv.pdf", pdf);
        var (text, pages) = Read(pdf);
        Assert.Equal(1, pages);
        Assert.Contains(recordNumber, text);
        Assert.Contains("IV ketamine infusion", text);
        Assert.Contains("Cumulative dose: 33.8 mg", text);    // 8.75 + 5 + 20 = 33.75
        Assert.Contains("Nausea", text);
        Assert.Contains("Ondansetron", text);
        Assert.Contains(low.GetProperty("alerts")[0].GetProperty("ruleId").GetString()!, text);
        Assert.Contains("Dr Priya Prescriber", text);
        Assert.DoesNotContain("not signed", text);

        // An infusion has no REMS form: the PDF answers as the JSON route does.
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/sessions/{id}/rems-form")).StatusCode);
        var none = await nurse.GetAsync($"/api/sessions/{id}/rems-form.pdf");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("record.pdf")]
    [InlineData("rems-form.pdf")]
    public async Task Pdf_UnknownSession_Returns404Problem(string file)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.GetAsync($"/api/sessions/{Guid.NewGuid()}/{file}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("record.pdf")]
    [InlineData("rems-form.pdf")]
    public async Task Pdf_UnknownPaper_Returns400NamingTheField(string file)
    {
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var response = await nurse.GetAsync($"/api/sessions/{Guid.NewGuid()}/{file}?paper=a3");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("paper", (await response.ReadJsonAsync()).ErrorFields());
    }
}
