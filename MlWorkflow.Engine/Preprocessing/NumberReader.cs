using MlWorkflow.Engine.Profiling;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Reads a value of a number column as its first step needs it (NaN = missing): words and infinite values are missing
/// when that step is an impute whose also_missing names them; infinite values are categories when it is one_hot or
/// ordinal_encode; anything else that is not a finite number fails the run, naming the value.
/// </summary>
internal sealed class NumberReader(string column, bool nonNumericIsMissing, bool infiniteIsMissing, bool infiniteIsCategory)
{
    public double Read(ReadOnlySpan<char> trimmed)
    {
        if (!NumberParser.TryParse(trimmed, out var number, out _))
        {
            return nonNumericIsMissing ? double.NaN : throw Fail("is not a number", trimmed, ImputeParams.NonNumeric);
        }
        if (double.IsInfinity(number) && !infiniteIsCategory)
        {
            return infiniteIsMissing ? double.NaN : throw Fail("is infinite", trimmed, ImputeParams.Infinite);
        }
        return number;
    }

    private PreprocessDataException Fail(string what, ReadOnlySpan<char> value, string kind) =>
        PreprocessDataException.Create($"a number column's value {what}, and the steps on it need finite numbers.", column, null, new string(value),
            $"Start the steps on `{column}` with an impute step whose also_missing lists \"{kind}\" (it then counts as missing), or drop the column.");
}
