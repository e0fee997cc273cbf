using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Tests.Segmentation.Keywords;

public class PythonTextTests
{
    [Theory]
    [InlineData("中国", 2)]
    [InlineData(" 中\u3000", 1)]
    [InlineData("\u001C中\u001F", 1)] // Python whitespace, not .NET whitespace
    [InlineData("\u200B中", 2)] // ZERO WIDTH SPACE is not whitespace in Python
    [InlineData("𠀀", 1)] // one code point, two UTF-16 units
    [InlineData("\r\n", 0)]
    public void Stripped_length_counts_code_points_after_python_strip(string s, int expected)
        => Assert.Equal(expected, PythonText.StrippedLength(s));

    [Theory]
    // Expected strings are Python 3.11 repr() of the same doubles.
    [InlineData(1.0, "1.0")]
    [InlineData(0.46810574545255346, "0.46810574545255346")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000015, "1.5e-05")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1234567890123456.8, "1234567890123456.8")]
    [InlineData(1e16, "1e+16")]
    [InlineData(12345678901234567e1, "1.2345678901234566e+17")]
    [InlineData(-1.25e16, "-1.25e+16")]
    [InlineData(-2.5e-300, "-2.5e-300")]
    public void Repr_formats_doubles_like_python(double value, string expected)
        => Assert.Equal(expected, PythonText.Repr(value));

    [Fact]
    public void Code_point_order_puts_supplementary_characters_after_private_use_area()
    {
        Assert.True(PythonText.CodePointComparer.Compare("\uE000", "𠀀") < 0);
        Assert.True(string.CompareOrdinal("\uE000", "𠀀") > 0); // the UTF-16 order this corrects
        Assert.True(PythonText.CodePointComparer.Compare("区域", "合作") < 0);
        Assert.True(PythonText.CodePointComparer.Compare("合", "合作") < 0);
    }
}
