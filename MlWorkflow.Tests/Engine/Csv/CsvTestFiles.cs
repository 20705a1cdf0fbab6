using System.Text;
using MlWorkflow.Engine.Csv;

namespace MlWorkflow.Tests.Engine.Csv;

/// <summary>Paths to the committed samples and bad uploads, and a way to feed bytes in chunks of a chosen size.</summary>
internal static class CsvTestFiles
{
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static string BadUpload(string name) => Path.Combine(AppContext.BaseDirectory, "Corpus", "BadUploads", name);

    public static byte[] ReadSample(string name) => File.ReadAllBytes(Sample(name));

    public static CsvInspection Inspect(byte[] bytes, int chunkSize = 65_536, CsvLimits? limits = null)
    {
        var inspector = new CsvInspector(limits ?? new CsvLimits());
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            inspector.Append(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
        }
        return inspector.Complete();
    }

    public static CsvInspection Inspect(string text, int chunkSize = 65_536) => Inspect(Encoding.UTF8.GetBytes(text), chunkSize);

    public static CsvFormatException InspectFails(byte[] bytes, int chunkSize = 65_536, CsvLimits? limits = null) =>
        Assert.Throws<CsvFormatException>(() => Inspect(bytes, chunkSize, limits));

    public static CsvFormatException InspectFails(string text, int chunkSize = 65_536) =>
        InspectFails(Encoding.UTF8.GetBytes(text), chunkSize);
}
