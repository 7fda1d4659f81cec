namespace Respite.Clinical.Instruments;

/// <summary>What is wrong with the answers, naming the field as the API receives it (<c>answers[8]</c>, <c>answers</c>, <c>sex</c>).</summary>
public sealed record AnswerError(string Field, string Message);
