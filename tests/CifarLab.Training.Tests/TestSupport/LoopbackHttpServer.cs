using System.Net;
using System.Net.Sockets;

namespace CifarLab.Training.Tests.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) for download tests. Each request goes to the handler;
/// <see cref="ServeAsync"/> covers the usual responses, including slow, truncated and stalled bodies.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;
        (_listener, BaseUri) = StartOnFreePort();
        _ = Task.Run(AcceptLoop);
    }

    public Uri BaseUri { get; }

    public int RequestCount => Volatile.Read(ref _requests);

    public Uri Url(string path) => new(BaseUri, path);

    /// <summary>Serves every request from one body (see <see cref="ServeAsync"/>).</summary>
    public static LoopbackHttpServer Serving(byte[] body, int chunk = 1 << 16, TimeSpan delay = default, long? abortAfter = null, TimeSpan stallAfterFirstChunk = default) =>
        new(ctx => ServeAsync(ctx, body, chunk, delay, abortAfter, stallAfterFirstChunk));

    /// <summary>
    /// Writes <paramref name="body"/> with its full Content-Length in chunks, waiting <paramref name="delay"/>
    /// between chunks; after <paramref name="abortAfter"/> bytes the connection is cut (a truncated download);
    /// a non-zero <paramref name="stallAfterFirstChunk"/> goes silent after the first chunk (a stalled server).
    /// </summary>
    public static async Task ServeAsync(HttpListenerContext ctx, byte[] body, int chunk = 1 << 16, TimeSpan delay = default,
        long? abortAfter = null, TimeSpan stallAfterFirstChunk = default)
    {
        var response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = "application/gzip";
        response.ContentLength64 = body.Length;
        var sent = 0;
        while (sent < body.Length)
        {
            var n = Math.Min(chunk, body.Length - sent);
            if (abortAfter is { } limit && sent + n > limit)
            {
                await response.OutputStream.WriteAsync(body.AsMemory(sent, (int)(limit - sent)));
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }
            await response.OutputStream.WriteAsync(body.AsMemory(sent, n));
            await response.OutputStream.FlushAsync();
            sent += n;
            if (stallAfterFirstChunk > TimeSpan.Zero)
            {
                await Task.Delay(stallAfterFirstChunk);
                response.Abort();
                return;
            }
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }
        }
        response.Close();
    }

    public static Task StatusAsync(HttpListenerContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Close();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(ctx);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
                catch (HttpListenerException)
                {
                    // The client went away (cancelled or timed out): expected in these tests.
                }
                catch (IOException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            });
        }
    }

    private static (HttpListener, Uri) StartOnFreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var uri = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(uri.ToString());
            try
            {
                listener.Start();
                return (listener, uri);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and Start; pick another.
                listener.Close();
            }
        }
    }
}
