namespace Respite.Clinical.Instruments;

/// <summary>How an item is answered: a number on a scale, or yes/no.</summary>
public enum AnswerKind
{
    Score,
    YesNo,
}
