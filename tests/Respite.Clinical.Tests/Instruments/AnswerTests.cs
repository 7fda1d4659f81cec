using Respite.Clinical.Instruments;

namespace Respite.Clinical.Tests.Instruments;

public sealed class AnswerTests
{
    [Fact]
    public void Number_Always_IsNumberOnly()
    {
        var answer = Answer.Number(2.5m);

        Assert.True(answer.IsNumber);
        Assert.False(answer.IsYesNo);
        Assert.False(answer.IsSkipped);
        Assert.Equal(2.5m, answer.NumberValue);
        Assert.Throws<InvalidOperationException>(() => answer.YesNoValue);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void YesNo_Always_IsYesNoOnly(bool value)
    {
        var answer = Answer.YesNo(value);

        Assert.True(answer.IsYesNo);
        Assert.False(answer.IsNumber);
        Assert.False(answer.IsSkipped);
        Assert.Equal(value, answer.YesNoValue);
        Assert.Throws<InvalidOperationException>(() => answer.NumberValue);
    }

    [Fact]
    public void Skipped_Always_HasNoValue()
    {
        var answer = Answer.Skipped;

        Assert.True(answer.IsSkipped);
        Assert.False(answer.IsNumber);
        Assert.False(answer.IsYesNo);
        Assert.Throws<InvalidOperationException>(() => answer.NumberValue);
        Assert.Throws<InvalidOperationException>(() => answer.YesNoValue);
    }

    [Fact]
    public void Default_Always_IsSkipped()
    {
        Assert.Equal(Answer.Skipped, default);
    }

    [Fact]
    public void Equality_SameKindAndValue_AreEqual()
    {
        Assert.Equal(Answer.Number(3), Answer.Number(3));
        Assert.Equal(Answer.YesNo(true), Answer.YesNo(true));
        Assert.NotEqual(Answer.YesNo(false), Answer.Number(0));
        Assert.NotEqual(Answer.YesNo(false), Answer.Skipped);
    }

    [Fact]
    public void ToString_EachKind_IsReadable()
    {
        Assert.Equal("1.5", Answer.Number(1.5m).ToString());
        Assert.Equal("yes", Answer.YesNo(true).ToString());
        Assert.Equal("no", Answer.YesNo(false).ToString());
        Assert.Equal("skipped", Answer.Skipped.ToString());
    }
}
