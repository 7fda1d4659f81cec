using Respite.Clinical.Dosing;

namespace Respite.Clinical.Sessions;

/// <summary>What the nurse records at check-in, before any dose.</summary>
public sealed record PreCheckInput(
    bool Esketamine,
    VitalSigns Baseline,
    DateTimeOffset CheckedAt,
    DateTimeOffset? LastFood,
    DateTimeOffset? LastLiquid,
    bool RideHomeArranged,
    bool? RemsEnrolled,
    bool NewInteractingMedication,
    bool? PossiblyPregnant);

/// <summary>The rules of check-in: fasting, ride home, REMS enrollment, new medicines, pregnancy and the pre-dose BP.</summary>
public static class PreCheckEvaluator
{
    public static IReadOnlyList<MonitoringAlert> Evaluate(PreCheckInput input, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var alerts = new List<MonitoringAlert>(VitalsEvaluator.PreDose(input.Baseline, settings));
        if (input.Esketamine)
        {
            var foodGap = input.LastFood is { } food ? input.CheckedAt - food : (TimeSpan?)null;
            var liquidGap = input.LastLiquid is { } drink ? input.CheckedAt - drink : (TimeSpan?)null;
            if (foodGap is null || liquidGap is null)
            {
                alerts.Add(new(SessionRules.Fasting, CheckOutcome.Warn, "Ask when the patient last ate and drank (no food 2 h, no liquid 30 min before esketamine)."));
            }
            else if (foodGap < TimeSpan.FromMinutes(settings.EsketamineFoodFastMinutes) || liquidGap < TimeSpan.FromMinutes(settings.EsketamineLiquidFastMinutes))
            {
                alerts.Add(new(SessionRules.Fasting, CheckOutcome.Warn,
                    $"Last food {Minutes(foodGap.Value)} min and last liquid {Minutes(liquidGap.Value)} min ago: the label asks for no food for {settings.EsketamineFoodFastMinutes} min and no liquid for {settings.EsketamineLiquidFastMinutes} min (nausea, vomiting)."));
            }

            if (input.RemsEnrolled != true)
            {
                alerts.Add(new(SessionRules.RemsEnrollment, CheckOutcome.Block, "The patient must be enrolled in the SPRAVATO REMS before the first dose."));
            }

            if (input.PossiblyPregnant == true)
            {
                alerts.Add(new(SessionRules.Pregnancy, CheckOutcome.Block, "Esketamine may cause fetal harm and is not recommended in pregnancy."));
            }
        }
        else if (input.PossiblyPregnant == true)
        {
            alerts.Add(new(SessionRules.Pregnancy, CheckOutcome.Warn, "Possible pregnancy: ketamine's safety in pregnancy is not established; the prescriber decides."));
        }

        if (!input.RideHomeArranged)
        {
            alerts.Add(new(SessionRules.NoRideHome, CheckOutcome.Block, "No ride home: the patient may not drive until the next day after a restful sleep."));
        }

        if (input.NewInteractingMedication)
        {
            alerts.Add(new(SessionRules.InteractingMedication, CheckOutcome.Warn,
                "New benzodiazepine, psychostimulant, MAOI or opioid: sedation or blood pressure may rise; the prescriber reviews before dosing."));
        }

        return alerts;
    }

    private static int Minutes(TimeSpan span) => (int)Math.Floor(span.TotalMinutes);
}
