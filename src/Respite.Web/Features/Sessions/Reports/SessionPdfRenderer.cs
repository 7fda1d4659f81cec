using System.Globalization;
using Respite.Data.Sessions;
using SkiaSharp;

namespace Respite.Web.Features.Sessions.Reports;

/// <summary>
/// Draws the one-page session record and the SPRAVATO REMS Patient Monitoring Form as PDF (SkiaSharp). Pure: the same
/// report and time give the same bytes. Both always fit on one page: long lists show their latest rows and say how
/// many earlier ones are left out.
/// </summary>
public static class SessionPdfRenderer
{
    public const string NotAnswered = "— not answered —";

    private const float Margin = 30f;

    public static SKSize PageSize(PaperSize paper) => paper == PaperSize.A4 ? new SKSize(595.28f, 841.89f) : new SKSize(612f, 792f);

    public static byte[] RenderSessionRecord(SessionRecordReport report, PaperSize paper, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Document("Treatment session record", paper, generatedAt, page => DrawRecord(page, report, generatedAt));
    }

    public static byte[] RenderRemsForm(RemsFormReport report, PaperSize paper, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Document("SPRAVATO REMS Patient Monitoring Form", paper, generatedAt, page => DrawRemsForm(page, report, generatedAt));
    }

    public static string EventName(DoseEventKind kind) => kind switch
    {
        DoseEventKind.Start => "start",
        DoseEventKind.RateChange => "rate change",
        DoseEventKind.Pause => "pause",
        DoseEventKind.Resume => "resume",
        DoseEventKind.Stop => "stop",
        DoseEventKind.Bolus => "bolus",
        DoseEventKind.EsketamineDevice => "device",
        _ => kind.ToString(),
    };

    /// <summary>A one-page PDF with the document metadata of every Respite report; <paramref name="draw"/> lays the page out.</summary>
    internal static byte[] Document(string title, PaperSize paper, DateTimeOffset generatedAt, Action<ReportPage> draw)
    {
        var size = PageSize(paper);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "Respite",
            Producer = "Respite",
            Creation = generatedAt.UtcDateTime,
            Modified = generatedAt.UtcDateTime,
            RasterDpi = 72,
            EncodingQuality = 101,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata) ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document."))
        {
            var canvas = document.BeginPage(size.Width, size.Height);
            using (var page = new ReportPage(canvas, size, Margin))
            {
                draw(page);
            }

            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    // ------------------------------------------------------------------------------------------------------------
    // The session record
    // ------------------------------------------------------------------------------------------------------------

    private static void DrawRecord(ReportPage page, SessionRecordReport report, DateTimeOffset generatedAt)
    {
        var s = report.Session;
        var d = report.Details;
        var zone = report.Zone;
        var y = page.Top;

        // Header: what, who, when.
        page.Text("Treatment session record", page.Left, y + 13, 15, bold: true);
        var (status, statusColor) = s.Status switch
        {
            SessionStatus.CheckedIn => ("CHECKED IN — no dose yet", ReportPage.Warning),
            SessionStatus.InProgress => ("IN PROGRESS", ReportPage.Warning),
            SessionStatus.Discharged => (s.PrescriberSignedAt is null ? "DISCHARGED — awaiting prescriber signature" : "DISCHARGED AND SIGNED", ReportPage.Accent),
            SessionStatus.Cancelled => ("CANCELLED", ReportPage.Danger),
            _ => (s.Status.ToString(), ReportPage.Ink),
        };
        page.Text(status, page.Right, y + 13, 8.5f, bold: true, color: statusColor, align: SKTextAlign.Right);
        y += 27;
        var x = page.Left + page.Text(report.Patient.Name, page.Left, y, 11, bold: true, maxWidth: page.Width * 0.45f) + 12;
        x = page.Field("Record no.", report.Patient.RecordNumber, x, y, 8.5f, page.Right - x) + 12;
        page.Field("Date of birth", Date(report.Patient.DateOfBirth), x, y, 8.5f, page.Right - x);
        y += 12;
        var kind = s.Kind == SessionKind.Esketamine ? "Esketamine nasal spray (SPRAVATO)" : "IV ketamine infusion";
        page.Text(
            $"{kind} · {Date(s.CheckedInAt, zone)} · checked in {Time(s.CheckedInAt, zone)}{(d.CheckedInBy is { } by ? " by " + by : "")}"
            + $"{(d.Location is { } place ? " · " + place : "")} · times in {ZoneName(zone)}",
            page.Left, y, 7.5f, color: ReportPage.Muted, maxWidth: page.Width);
        y += 5;
        page.Line(page.Left, y, page.Right, y, ReportPage.Ink, 0.8f);
        y += 4;

        // Check-in and pre-checks.
        y = page.Heading("Check-in and pre-checks", y);
        var baseline = s.Vitals.FirstOrDefault(v => v.PreDose);
        var items = new List<(string Label, string Value)>
        {
            ("Weight", s.WeightKg is { } kg ? $"{Number(kg)} kg" : "not recorded"),
            ("Baseline vitals", baseline is null ? "not recorded" : VitalsText(baseline)),
            ("Last food", Before(d.LastFood, s.CheckedInAt, zone)),
            ("Last liquid", Before(d.LastLiquid, s.CheckedInAt, zone)),
            ("Ride home arranged", YesNo(s.RideHomeArranged)),
            ("REMS enrolled", s.RemsEnrolled is { } rems ? YesNo(rems) : s.Kind == SessionKind.Esketamine ? NotAnswered : "not applicable"),
            ("New interacting medicine", d.NewInteractingMedication ? "yes" + (d.NewMedicationNote is { } note ? " — " + note : "") : "no"),
            ("Possibly pregnant", d.PossiblyPregnant is { } pregnant ? YesNo(pregnant) : "not asked"),
        };
        if (s.Kind == SessionKind.IvInfusion)
        {
            items.Add(("Bag concentration", d.ConcentrationMgPerMl is { } c ? $"{Number(c)} mg/mL" : "not recorded"));
        }

        items.Add(("Pre-checks still blocking", s.BlockingRules.Count == 0 ? "none" : string.Join(", ", s.BlockingRules)));
        var half = page.Width / 2;
        for (var i = 0; i < items.Count; i++)
        {
            var column = i % 2;
            page.Field(items[i].Label + ":", items[i].Value, page.Left + 3 + (column * half), y + 7.5f, 7.2f, half - 8,
                items[i].Value == NotAnswered ? ReportPage.Danger : null);
            if (column == 1 || i == items.Count - 1)
            {
                y += 9.6f;
            }
        }

        if (s.OverriddenRules.Count == 0)
        {
            page.Field("Prescriber override:", "none", page.Left + 3, y + 7.5f, 7.2f, page.Width - 6);
            y += 10;
        }
        else
        {
            var who = $"{string.Join(", ", s.OverriddenRules)} overridden by {d.OverriddenBy ?? "a prescriber"}"
                + (d.OverriddenAt is { } at ? $" at {Time(at, zone)}" : "") + $" — reason: {s.OverrideReason ?? NotAnswered}";
            var labelWidth = page.Text("Prescriber override: ", page.Left + 3, y + 7.5f, 7.2f, bold: true, color: ReportPage.Muted);
            foreach (var line in page.Wrap(who, page.Width - labelWidth - 8, 7.2f, maxLines: 2))
            {
                page.Text(line, page.Left + 3 + labelWidth, y + 7.5f, 7.2f, color: ReportPage.Warning);
                y += 9.2f;
            }

            y += 1;
        }

        // The dose against the plan and the protocol's limit.
        y += 2;
        var dosing = s.Dosing;
        x = page.Left + 3;
        x += page.Text($"Cumulative dose: {Number(dosing.CumulativeMg)} mg", x, y + 8, 9, bold: true) + 10;
        var facts = new List<string>
        {
            dosing.PlannedDoseMg is { } planned ? $"planned {Number(planned)} mg" : "no planned dose (not booked from a plan)",
            dosing.MaxMgPerSession is { } max ? $"protocol limit {Number(max)} mg per session" : "no protocol limit recorded",
        };
        if (s.Kind == SessionKind.Esketamine)
        {
            facts.Add($"{dosing.Devices} {(dosing.Devices == 1 ? "device" : "devices")} of 28 mg");
            var lots = dosing.Events.Select(e => e.LotNumber).OfType<string>().Distinct().ToList();
            facts.Add(lots.Count == 0 ? "no lot charted" : "lot " + string.Join(", ", lots));
        }
        else
        {
            facts.Add("infusion " + dosing.State.Replace('-', ' '));
            if (dosing.RateMgPerHour is { } rate)
            {
                facts.Add($"running at {Number(rate)} mg/h");
            }
        }

        if (dosing.MaxMgPerSession is { } limit && dosing.CumulativeMg > limit)
        {
            facts.Insert(0, "ABOVE THE LIMIT");
        }

        page.Text(string.Join(" · ", facts), x, y + 8, 7.5f, color: ReportPage.Muted, maxWidth: page.Right - x);
        y += 13;

        // The vitals chart.
        y = page.Heading("Vitals", y);
        var chartHeight = page.Size.Height > 800 ? 165f : 150f;
        // Entries marked entered in error stay in the tables (struck by a note) but are not plotted.
        VitalsChart.Draw(page, new SKRect(page.Left, y, page.Right, y + chartHeight), [.. s.Vitals.Where(v => !v.EnteredInError)],
            [.. dosing.Events.Where(e => !e.EnteredInError)], s.CheckedInAt, s.DischargedAt, zone);
        y += chartHeight + 4;

        // The bottom block is measured first; the tables share what is left.
        var footerTop = page.Bottom - 10;
        page.Measuring = true;
        var closingHeight = Closing(page, 0, report) + 2;
        page.Measuring = false;
        var closingTop = footerTop - closingHeight;

        var tables = new (string Title, ReportColumn[] Columns, List<IReadOnlyList<string>> Rows, string Empty)[]
        {
            ("Dose events", DoseColumns, [.. dosing.Events.Select(e => DoseRow(e, zone))], "No dose charted."),
            ("Alerts (rule id, and who acknowledged)", AlertColumns, [.. s.Alerts.Select(a => AlertRow(a, zone))], "No alert raised."),
            ("Vitals as charted", VitalsColumns, [.. s.Vitals.Select(v => VitalsRow(v, zone))], "No vitals charted."),
            ("Side effects", EffectColumns, [.. s.SideEffects.Select(e => EffectRow(e, zone))], "No side effect charted."),
            ("Addenda", AddendumColumns, [.. s.Addenda.Select(a => AddendumRow(a, zone))], "No addendum."),
        };
        var capacity = (int)Math.Floor((closingTop - y - tables.Sum(_ => ReportPage.TableHeight(0) - ReportPage.RowHeight)) / ReportPage.RowHeight);
        var rows = Share([.. tables.Select(t => Math.Max(t.Rows.Count, 1))], capacity);
        for (var i = 0; i < tables.Length; i++)
        {
            y = page.Table(y, tables[i].Title, tables[i].Columns, tables[i].Rows, rows[i], tables[i].Empty);
        }

        Closing(page, Math.Min(y + 2, closingTop), report);
        Footer(page, generatedAt, zone, $"Session {s.Id}");
    }

    private static readonly ReportColumn[] DoseColumns =
    [
        new("Time", 0.7f), new("Event", 1f), new("Rate mg/h", 0.9f, AlignRight: true), new("Amount mg", 0.9f, AlignRight: true),
        new("Lot", 1f), new("Reason", 3.4f), new("By", 1.8f),
    ];

    private static IReadOnlyList<string> DoseRow(DoseEventDto e, TimeZoneInfo zone) =>
    [
        Time(e.At, zone), $"{VitalsChart.Letter(e.Kind)} {EventName(e.Kind)}", e.RateMgPerHour is { } r ? Number(r) : "",
        e.AmountMg is { } a ? Number(a) : "", e.LotNumber ?? "", InError(e.EnteredInError, e.EnteredInErrorReason, e.EnteredInErrorBy) ?? e.Reason ?? "", e.RecordedBy,
    ];

    /// <summary>How an entry marked entered in error reads in a table: never silently dropped.</summary>
    private static string? InError(bool enteredInError, string? reason, string? by) =>
        enteredInError ? $"ENTERED IN ERROR ({by}): {reason}" : null;

    private static readonly ReportColumn[] AddendumColumns = [new("Time", 1.3f), new("Addendum", 6.9f), new("By", 1.8f)];

    private static IReadOnlyList<string> AddendumRow(AddendumDto a, TimeZoneInfo zone) => [DateTime(a.At, zone), a.Text, a.By];

    private static readonly ReportColumn[] AlertColumns =
    [
        new("Raised", 0.7f), new("Rule", 1f), new("Level", 0.6f), new("Message", 3.6f), new("Acknowledged", 2.1f), new("Note", 2.3f),
    ];

    private static IReadOnlyList<string> AlertRow(SessionAlertDto a, TimeZoneInfo zone) =>
    [
        Time(a.RaisedAt, zone), a.RuleId, a.Severity, a.Message,
        a.AcknowledgedAt is { } at ? $"{Time(at, zone)} {a.AcknowledgedBy ?? ""}".TrimEnd() : "OPEN — not acknowledged", a.Note ?? "",
    ];

    private static readonly ReportColumn[] VitalsColumns =
    [
        new("Time", 0.7f), new("BP mmHg", 1f, AlignRight: true), new("HR /min", 0.8f, AlignRight: true), new("SpO2 %", 0.8f, AlignRight: true),
        new("RR /min", 0.8f, AlignRight: true), new("MOAA/S", 0.8f, AlignRight: true), new("", 0.2f), new("When", 1.3f), new("By", 3.3f),
    ];

    private static IReadOnlyList<string> VitalsRow(VitalsDto v, TimeZoneInfo zone) =>
    [
        Time(v.TakenAt, zone), v.Systolic is { } sys ? $"{sys}/{v.Diastolic?.ToString(CultureInfo.InvariantCulture) ?? "?"}" : "", Int(v.HeartRate),
        Int(v.Spo2), Int(v.RespiratoryRate), Int(v.Moaas), "", v.EnteredInError ? "IN ERROR" : v.PreDose ? "baseline" : "",
        InError(v.EnteredInError, v.EnteredInErrorReason, v.EnteredInErrorBy) ?? v.RecordedBy,
    ];

    private static readonly ReportColumn[] EffectColumns =
    [
        new("Time", 0.7f), new("Effect", 1.5f), new("Severity", 0.9f), new("CADSS", 0.7f, AlignRight: true), new("Intervention", 2.8f),
        new("Note", 2.2f), new("By", 1.6f),
    ];

    private static IReadOnlyList<string> EffectRow(SideEffectDto e, TimeZoneInfo zone) =>
    [
        Time(e.At, zone), Shared.JsonDefaults.Kebab(e.Effect).Replace('-', ' '), Shared.JsonDefaults.Kebab(e.Severity), Int(e.CadssTotal),
        e.Intervention ?? "", InError(e.EnteredInError, e.EnteredInErrorReason, e.EnteredInErrorBy) ?? e.Note ?? "", e.RecordedBy,
    ];

    /// <summary>Discharge and signatures at the foot of the page; answers its height.</summary>
    private static float Closing(ReportPage page, float top, SessionRecordReport report)
    {
        var s = report.Session;
        var d = report.Details;
        var zone = report.Zone;
        var y = page.Heading("Discharge and signatures", top);
        var half = page.Width / 2;
        var left = page.Left + 3;
        var right = page.Left + half + 3;
        const float size = 7.4f;
        const float line = 9.6f;

        if (s.DischargedAt is { } discharged)
        {
            page.Field("Discharged:", $"{DateTime(discharged, zone)} by {s.DischargedBy ?? "unknown"}", left, y + 7.5f, size, half - 8);
        }
        else
        {
            page.Field("Discharged:", "not yet", left, y + 7.5f, size, half - 8, ReportPage.Danger);
        }

        page.Field("Clinically ready:", s.ClinicallyReadyAt is { } ready ? Time(ready, zone) : "not recorded", left, y + 7.5f + line, size, half - 8);
        page.Field("Checklist:", $"ambulating {YesNoOrDash(d.Ambulating)} · escort present {YesNoOrDash(d.EscortPresent)} · ride home {YesNo(s.RideHomeArranged)}",
            left, y + 7.5f + (2 * line), size, half - 8);
        page.Field("Note:", d.DischargeNote ?? "none", left, y + 7.5f + (3 * line), size, half - 8);

        page.Text("Signatures (electronic)", right, y + 7.5f, size, bold: true, color: ReportPage.Muted);
        var nurse = s.DischargedAt is { } n && s.DischargedBy is { } nurseName ? $"{nurseName} — {DateTime(n, zone)}" : "not signed";
        var prescriber = s.PrescriberSignedAt is { } p && s.PrescriberSignedBy is { } prescriberName ? $"{prescriberName} — {DateTime(p, zone)}" : "not signed";
        page.Field("Nurse (discharge):", nurse, right, y + 7.5f + line, size, half - 8, nurse == "not signed" ? ReportPage.Danger : null);
        page.Field("Supervising prescriber:", prescriber, right, y + 7.5f + (2 * line), size, half - 8, prescriber == "not signed" ? ReportPage.Danger : null);
        return y + (4 * line) + 2 - top;
    }

    /// <summary>Shares <paramref name="capacity"/> rows among tables that want <paramref name="wanted"/> rows: turn by turn, at least two each when wanted.</summary>
    internal static int[] Share(IReadOnlyList<int> wanted, int capacity)
    {
        var given = wanted.Select(w => Math.Min(w, 2)).ToArray();
        var left = capacity - given.Sum();
        var more = true;
        while (left > 0 && more)
        {
            more = false;
            for (var i = 0; i < given.Length && left > 0; i++)
            {
                if (given[i] < wanted[i])
                {
                    given[i]++;
                    left--;
                    more = true;
                }
            }
        }

        return given;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The REMS Patient Monitoring Form
    // ------------------------------------------------------------------------------------------------------------

    private static void DrawRemsForm(ReportPage page, RemsFormReport report, DateTimeOffset generatedAt)
    {
        var rems = report.Rems;
        var form = rems.Form;
        var zone = report.Zone;
        var y = page.Top;
        const float size = 8.5f;
        const float line = 13f;

        // Header with the status box.
        var boxWidth = 190f;
        page.Text("SPRAVATO® REMS", page.Left, y + 13, 15, bold: true);
        page.Text("Patient Monitoring Form", page.Left, y + 29, 13, bold: true);
        page.Text("Answered from the session chart. Submit to the SPRAVATO REMS within 7 days of the session.", page.Left, y + 41, 7.2f,
            color: ReportPage.Muted, maxWidth: page.Width - boxWidth - 10);
        var box = new SKRect(page.Right - boxWidth, y, page.Right, y + 52);
        var (status, statusColor) = rems.Status switch
        {
            RemsFormStatus.Draft => ("DRAFT — answers missing", ReportPage.Warning),
            RemsFormStatus.Complete => ("COMPLETE — not yet submitted", ReportPage.Accent),
            RemsFormStatus.Submitted => ("SUBMITTED", new SKColor(0x2E, 0x7D, 0x32)),
            _ => (rems.Status.ToString(), ReportPage.Ink),
        };
        page.Box(box, ReportPage.Shade, statusColor, 1f);
        page.Field("Status:", status, box.Left + 5, box.Top + 12, 8.5f, boxWidth - 10, statusColor);
        page.Field("Due:", Date(rems.DueOn) + (rems.Overdue ? " — OVERDUE" : ""), box.Left + 5, box.Top + 24, 8f, boxWidth - 10,
            rems.Overdue ? ReportPage.Danger : null);
        page.Field("Submitted:", rems.SubmittedOn is { } on ? Date(on) : "not yet", box.Left + 5, box.Top + 36, 8f, boxWidth - 10);
        if (rems.ConfirmationNumber is { } confirmation)
        {
            page.Field("Confirmation no.:", confirmation, box.Left + 5, box.Top + 47, 8f, boxWidth - 10);
        }

        y += 60;

        void Row(string label, string? value, float indent = 0)
        {
            page.Field(label, value ?? NotAnswered, page.Left + 4 + indent, y + 9.5f, size, page.Width - 8 - indent, value is null ? ReportPage.Danger : null);
            y += line;
        }

        void YesNoRow(string question, bool? answer)
        {
            page.Text(question, page.Left + 4, y + 9.5f, size, maxWidth: page.Width * 0.62f);
            var x = page.Left + (page.Width * 0.64f);
            if (answer is { } value)
            {
                x = page.CheckBox(value, "Yes", x, y + 9.5f, size);
                page.CheckBox(!value, "No", x, y + 9.5f, size);
            }
            else
            {
                page.Text(NotAnswered, x, y + 9.5f, size, bold: true, color: ReportPage.Danger);
            }

            y += line;
        }

        y = page.Heading("1. Patient", y);
        Row("Patient name:", form.PatientName);
        Row("Date of birth:", form.PatientDateOfBirth is { } dob ? Date(dob) : null);
        Row("Record number:", report.RecordNumber);

        y = page.Heading("2. Concomitant medicines (benzodiazepines, sedative hypnotics, psychostimulants, MAOIs, opioids)", y + 3);
        if (form.ConcomitantMedicines.Count == 0)
        {
            Row("Taken by the patient:", "none recorded in the chart");
        }
        else
        {
            foreach (var text in page.Wrap(string.Join("; ", form.ConcomitantMedicines), page.Width - 10, size, maxLines: 3))
            {
                page.Text(text, page.Left + 4, y + 9.5f, size);
                y += line;
            }
        }

        y = page.Heading("3. Healthcare setting and monitoring", y + 3);
        Row("Healthcare setting:", form.Setting);
        Row("Healthcare provider who monitored the patient:", form.MonitoringClinician);

        y = page.Heading("4. Treatment session", y + 3);
        Row("Session date:", Date(form.SessionDate));
        page.Text("Dose:", page.Left + 4, y + 9.5f, size, bold: true, color: ReportPage.Muted);
        var dx = page.Left + 40;
        dx = page.CheckBox(form.DoseMg == 56, "56 mg", dx, y + 9.5f, size);
        dx = page.CheckBox(form.DoseMg == 84, "84 mg", dx, y + 9.5f, size);
        page.CheckBox(form.DoseMg is not (56 or 84), form.DoseMg is 56 or 84 ? "Other: ___ mg" : $"Other: {form.DoseMg} mg", dx, y + 9.5f, size);
        y += line;
        Row("Lot number(s):", form.LotNumbers.Count == 0 ? null : string.Join(", ", form.LotNumbers));
        Row("Total time monitored (from the first device to discharge):", form.TotalMinutesMonitored is { } minutes ? $"{minutes} minutes" : null);
        Row("Time the patient could have left had the 2-hour observation not applied:", form.CouldHaveLeftAt is { } ready ? Time(ready, zone) : null);

        y = page.Heading("5. Vital signs", y + 3);
        YesNoRow("Vital signs acceptable before dosing", form.VitalsAcceptableBeforeDosing);
        YesNoRow("Vital signs acceptable before discharge", form.VitalsAcceptableBeforeDischarge);

        // Everything after the blood pressures is measured so that the readings take what room is left.
        var bpTop = y;
        page.Measuring = true;
        var restHeight = RemsClosing(page, 0, report, size, line) + 14;
        page.Measuring = false;
        var capacity = (int)Math.Floor((page.Bottom - 10 - restHeight - bpTop - 3 - (ReportPage.TableHeight(0) - ReportPage.RowHeight)) / ReportPage.RowHeight);
        var readings = form.BloodPressures
            .Select(b => (IReadOnlyList<string>)[Time(b.TakenAt, zone), BpWhen(b), $"{b.Systolic}/{b.Diastolic}"])
            .ToList();
        y = page.Table(y + 3, "Blood pressure readings", BpColumns, readings, Math.Max(capacity, 2), "No blood pressure charted.");

        RemsClosing(page, y, report, size, line);
        Footer(page, generatedAt, zone, $"Session {report.SessionId}");
    }

    private static readonly ReportColumn[] BpColumns = [new("Time", 1f), new("When", 3f), new("Blood pressure mmHg", 2f, AlignRight: true), new("", 4f)];

    private static string BpWhen(Respite.Clinical.Sessions.RemsBp bp) => bp.MinutesAfterDose switch
    {
        < 0 => "before dosing",
        >= Respite.Clinical.Sessions.RemsFormBuilder.BpCheckFromMinutes and <= Respite.Clinical.Sessions.RemsFormBuilder.BpCheckToMinutes =>
            $"{bp.MinutesAfterDose} min after the first device (post-dose check)",
        _ => $"{bp.MinutesAfterDose} min after the first device",
    };

    /// <summary>Sections 6 and 7 and the missing answers; answers the height.</summary>
    private static float RemsClosing(ReportPage page, float top, RemsFormReport report, float size, float line)
    {
        var form = report.Rems.Form;
        var y = page.Heading("6. Sedation, dissociation and respiratory depression", top + 3);

        void YesNo(string question, bool answer)
        {
            page.Text(question, page.Left + 4, y + 9.5f, size, maxWidth: page.Width * 0.62f);
            var x = page.CheckBox(answer, "Yes", page.Left + (page.Width * 0.64f), y + 9.5f, size);
            page.CheckBox(!answer, "No", x, y + 9.5f, size);
            y += line;
        }

        YesNo("Did the patient experience sedation?", form.Sedation);
        YesNo("Did the patient experience dissociation?", form.Dissociation);
        YesNo("Did the patient experience respiratory depression?", form.RespiratoryDepression);

        y = page.Heading("7. Adverse events", y + 3);
        if (form.AdverseEvents.Count == 0)
        {
            page.Text("None recorded.", page.Left + 4, y + 9.5f, size);
            y += line;
        }
        else
        {
            foreach (var text in page.Wrap(string.Join("; ", form.AdverseEvents), page.Width - 10, size, maxLines: 2))
            {
                page.Text(text, page.Left + 4, y + 9.5f, size);
                y += line;
            }
        }

        if (form.Missing.Count > 0)
        {
            y += 4;
            var shown = form.Missing.Take(5).ToList();
            var height = 13 + (shown.Count * 10) + (form.Missing.Count > shown.Count ? 10 : 0) + 2;
            page.Box(new SKRect(page.Left, y, page.Right, y + height), new SKColor(0xFF, 0xF4, 0xE5), ReportPage.Warning, 0.8f);
            page.Text("Still missing before this form can be submitted:", page.Left + 5, y + 10, size, bold: true, color: ReportPage.Warning);
            var my = y + 21;
            foreach (var missing in shown)
            {
                page.Text("• " + missing, page.Left + 9, my, 7.4f, maxWidth: page.Width - 16);
                my += 10;
            }

            if (form.Missing.Count > shown.Count)
            {
                page.Text($"… and {form.Missing.Count - shown.Count} more.", page.Left + 9, my, 7.4f, color: ReportPage.Muted);
            }

            y += height;
        }

        return y - top;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Shared pieces
    // ------------------------------------------------------------------------------------------------------------

    private static void Footer(ReportPage page, DateTimeOffset generatedAt, TimeZoneInfo zone, string reference)
    {
        var y = page.Bottom;
        page.Line(page.Left, y - 8, page.Right, y - 8, ReportPage.RuleColor);
        page.Text($"Generated {DateTime(generatedAt, zone)} ({ZoneName(zone)}) by Respite from the clinical record · {reference}", page.Left, y, 6.2f,
            color: ReportPage.Muted, maxWidth: page.Width - 60);
        page.Text("Page 1 of 1", page.Right, y, 6.2f, color: ReportPage.Muted, align: SKTextAlign.Right);
    }

    private static string VitalsText(VitalsDto v)
    {
        var parts = new List<string>();
        if (v.Systolic is { } s)
        {
            parts.Add($"BP {s}/{v.Diastolic?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        }

        if (v.HeartRate is { } hr)
        {
            parts.Add($"HR {hr}");
        }

        if (v.Spo2 is { } spo2)
        {
            parts.Add($"SpO2 {spo2} %");
        }

        if (v.RespiratoryRate is { } rr)
        {
            parts.Add($"RR {rr}");
        }

        return parts.Count == 0 ? "not recorded" : string.Join(" · ", parts);
    }

    private static string Before(DateTimeOffset? at, DateTimeOffset checkedInAt, TimeZoneInfo zone)
    {
        if (at is not { } value)
        {
            return "not recorded";
        }

        var gap = checkedInAt - value;
        var ago = gap < TimeSpan.Zero ? "after check-in" : $"{(int)gap.TotalHours} h {gap.Minutes:00} min before check-in";
        return $"{DateTime(value, zone)} ({ago})";
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string YesNoOrDash(bool? value) => value is { } v ? YesNo(v) : "—";

    private static string Int(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string DateTime(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string ZoneName(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
}
