using System.Text.Json;
using Respite.Clinical.Instruments;
using Respite.Clinical.Patients;
using Respite.Web.Features.Shared;

namespace Respite.Web.Features.Instruments;

/// <summary>Reads answers from JSON: numbers for scored items, booleans for yes/no items, null for items not asked.</summary>
public static class AnswerParsing
{
    public const int MaxAnswers = 100;

    public static IReadOnlyList<Answer>? Parse(JsonElement? answers, ErrorBag errors)
    {
        if (answers is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            errors.Add("answers", "Answers are required.");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add("answers", "Answers must be an array.");
            return null;
        }

        if (element.GetArrayLength() > MaxAnswers)
        {
            errors.Add("answers", $"At most {MaxAnswers} answers.");
            return null;
        }

        var result = new List<Answer>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.Number when item.TryGetDecimal(out var number):
                    result.Add(Answer.Number(number));
                    break;
                case JsonValueKind.True:
                    result.Add(Answer.YesNo(true));
                    break;
                case JsonValueKind.False:
                    result.Add(Answer.YesNo(false));
                    break;
                case JsonValueKind.Null:
                    result.Add(Answer.Skipped);
                    break;
                default:
                    errors.Add($"answers[{index}]", "An answer must be a number, true/false, or null for an item not asked.");
                    result.Add(Answer.Skipped);
                    break;
            }

            index++;
        }

        return result;
    }

    public static Sex? ParseSex(string? sex, ErrorBag errors)
    {
        if (string.IsNullOrWhiteSpace(sex))
        {
            return null;
        }

        switch (sex.Trim().ToLowerInvariant())
        {
            case "female":
                return Sex.Female;
            case "male":
                return Sex.Male;
            case "other":
                return Sex.Other;
            case "unknown":
                return Sex.Unknown;
            default:
                errors.Add("sex", "Sex must be female or male.");
                return null;
        }
    }

    public static void AddErrors(ErrorBag errors, IEnumerable<AnswerError> answerErrors)
    {
        foreach (var error in answerErrors)
        {
            errors.Add(error.Field, error.Message);
        }
    }

    public static object?[] ToJsonValues(IReadOnlyList<Answer> answers) =>
        answers.Select(a => a.IsSkipped ? null : a.IsYesNo ? (object)a.YesNoValue : a.NumberValue).ToArray();
}
