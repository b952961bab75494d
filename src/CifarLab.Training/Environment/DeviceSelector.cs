using TorchSharp;

namespace CifarLab.Training.Environment;

/// <summary>Turns the user's device string ("auto", "cpu", "cuda", "cuda:1") into a torch device.</summary>
public static class DeviceSelector
{
    public static torch.Device Resolve(string requested)
    {
        var r = (requested ?? "auto").Trim().ToLowerInvariant();
        if (r is "" or "auto")
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }
        if (r == "cpu")
        {
            return torch.CPU;
        }
        if (r == "cuda" || r.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
            {
                throw new ArgumentException($"Device '{requested}' was requested but no CUDA device is available here (this build or machine is CPU-only). Use 'auto' or 'cpu'.");
            }
            var index = r == "cuda" ? 0 : int.Parse(r.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
            var count = torch.cuda.device_count();
            if (index < 0 || index >= count)
            {
                throw new ArgumentException($"Device '{requested}' does not exist: this machine has {count} CUDA device(s), cuda:0..cuda:{count - 1}.");
            }
            return torch.device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{requested}'. Allowed: auto, cpu, cuda, cuda:N.");
    }
}
