namespace CifarLab.Training.Data;

/// <summary>
/// Learnable stand-in images: each class has its own colour pair and stripe geometry, drawn with a random
/// phase and per-pixel noise. Colour alone separates the classes, so a small CNN learns them within a few
/// epochs, and flips or crops keep every class recognisable.
/// </summary>
internal static class SyntheticImages
{
    private static readonly (byte R, byte G, byte B)[] Foreground =
    [
        (230, 40, 40), (40, 200, 40), (40, 60, 230), (230, 220, 40), (220, 40, 220),
        (40, 210, 220), (240, 140, 30), (140, 60, 20), (250, 250, 250), (120, 120, 120),
    ];

    private const int Noise = 40;

    /// <summary>Balanced labels (0..9 repeated), shuffled.</summary>
    public static byte[] BalancedLabels(int count, Random rng)
    {
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % CifarLayout.ClassCount);
        }
        rng.Shuffle(labels);
        return labels;
    }

    /// <summary>Pixels for the given labels in CIFAR record layout (R, G, B planes per image).</summary>
    public static byte[] Draw(ReadOnlySpan<byte> labels, Random rng)
    {
        const int size = CifarLayout.ImageSize;
        const int plane = size * size;
        var pixels = new byte[labels.Length * CifarLayout.PixelBytes];
        for (var n = 0; n < labels.Length; n++)
        {
            var c = labels[n] % CifarLayout.ClassCount;
            var fg = Foreground[c];
            // The background is the complementary colour, darkened, so the pair is distinct per class.
            var bg = ((byte)((255 - fg.R) / 3), (byte)((255 - fg.G) / 3), (byte)((255 - fg.B) / 3));
            var period = 4 + c % 3 * 2;
            var phase = rng.Next(period);
            var image = pixels.AsSpan(n * CifarLayout.PixelBytes, CifarLayout.PixelBytes);
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var on = Stripe(c % 4, x, y, period, phase);
                    var (r, g, b) = on ? fg : bg;
                    var p = y * size + x;
                    image[p] = Jitter(r, rng);
                    image[plane + p] = Jitter(g, rng);
                    image[2 * plane + p] = Jitter(b, rng);
                }
            }
        }
        return pixels;
    }

    private static bool Stripe(int kind, int x, int y, int period, int phase) => kind switch
    {
        0 => (y + phase) % period < period / 2,               // horizontal bands
        1 => (x + phase) % period < period / 2,               // vertical bands
        2 => (x + y + phase) % period < period / 2,           // diagonal bands
        _ => ((x + phase) / (period / 2) + y / (period / 2)) % 2 == 0, // checkerboard
    };

    private static byte Jitter(byte value, Random rng) =>
        (byte)Math.Clamp(value + rng.Next(-Noise, Noise + 1), 0, 255);
}
