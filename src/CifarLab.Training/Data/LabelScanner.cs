namespace CifarLab.Training.Data;

/// <summary>Checks the label byte of every record while a batch file streams past in arbitrary chunks.</summary>
internal sealed class LabelScanner
{
    private readonly string _what;
    private readonly string _filePath;
    private long _position;

    public LabelScanner(string what, string filePath)
    {
        _what = what;
        _filePath = filePath;
    }

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        // Offset within this chunk of the next record start.
        var first = (int)((CifarLayout.RecordBytes - _position % CifarLayout.RecordBytes) % CifarLayout.RecordBytes);
        for (var i = first; i < chunk.Length; i += CifarLayout.RecordBytes)
        {
            if (chunk[i] >= CifarLayout.ClassCount)
            {
                throw CifarLayout.LabelOutOfRange(_what, _filePath, (_position + i) / CifarLayout.RecordBytes, chunk[i]);
            }
        }
        _position += chunk.Length;
    }
}
