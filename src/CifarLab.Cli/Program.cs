using TorchSharp;
Console.WriteLine($"torch {torch.__version__} threads {torch.get_num_threads()}");
using var x = torch.randn(64, 64);
using var y = x.matmul(x);
Console.WriteLine(y.shape[0]);
