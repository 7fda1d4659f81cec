using System.Globalization;
using Respite.Clinical.Instruments;

namespace Respite.Web.Components.Ui;

/// <summary>The answer values of a score item with the words the instrument gives them, if any.</summary>
public static class AnswerLabels
{
    public static IReadOnlyList<(int Value, string Label)> For(InstrumentItem item)
    {
        var result = new List<(int, string)>();
        for (var value = item.Min; value <= item.Max; value++)
        {
            var label = item.Options.FirstOrDefault(o => o.Value == value)?.Label;
            result.Add((value, label ?? value.ToString(CultureInfo.InvariantCulture)));
        }

        return result;
    }
}
