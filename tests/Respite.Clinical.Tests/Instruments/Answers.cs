using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

internal static class Answers
{
    public static Answer[] Numbers(params decimal[] values) => values.Select(Answer.Number).ToArray();

    public static Answer[] Repeat(int count, decimal value) => Enumerable.Repeat(Answer.Number(value), count).ToArray();

    /// <summary>true = yes, false = no, null = skipped.</summary>
    public static Answer[] YesNo(params bool?[] values) =>
        values.Select(v => v is { } b ? Answer.YesNo(b) : Answer.Skipped).ToArray();

    /// <summary>Item scores summing to <paramref name="total"/>, filled from the first item, each at most <paramref name="max"/>.</summary>
    public static Answer[] Summing(int count, int max, int total)
    {
        var answers = new Answer[count];
        for (var i = 0; i < count; i++)
        {
            var value = Math.Min(max, total);
            answers[i] = Answer.Number(value);
            total -= value;
        }

        if (total != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(total));
        }

        return answers;
    }
}
