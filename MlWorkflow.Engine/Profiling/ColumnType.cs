using System.Text.Json.Serialization;

namespace MlWorkflow.Engine.Profiling;

/// <summary>What a column holds, as a person would name it; serialised in lower case ("numeric", "integer", …).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnType>))]
public enum ColumnType
{
    /// <summary>Numbers with a fractional part or an exponent somewhere in the column.</summary>
    [JsonStringEnumMemberName("numeric")] Numeric,

    /// <summary>Whole numbers only (0/1 columns stay integer).</summary>
    [JsonStringEnumMemberName("integer")] Integer,

    /// <summary>true/false, yes/no, t/f, y/n in any case.</summary>
    [JsonStringEnumMemberName("boolean")] Boolean,

    /// <summary>Few distinct strings: at most max(20, 5% of the non-missing values).</summary>
    [JsonStringEnumMemberName("categorical")] Categorical,

    /// <summary>Year-first dates or date-times (ISO 8601 and yyyy/MM/dd).</summary>
    [JsonStringEnumMemberName("datetime")] Datetime,

    /// <summary>Strings with many distinct values.</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>A value that names the row: unique per row and named like an id, an integer sequence, or short unique strings.</summary>
    [JsonStringEnumMemberName("identifier")] Identifier,

    /// <summary>At most one distinct non-missing value.</summary>
    [JsonStringEnumMemberName("constant")] Constant,
}
