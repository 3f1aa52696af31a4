using System.Net;
using System.Net.Sockets;

namespace Headroom.Tests.LoadTest;

/// <summary>
/// A small HTTP server on 127.0.0.1 with a known capacity: <see cref="Slots"/> requests are served at once, each for
/// <see cref="ServiceMs"/> ms, and the rest wait their turn, so latency rises with concurrency and the server completes
/// at most Slots / ServiceMs requests per second. It answers at most <see cref="MaxRequests"/> requests (then 503),
/// and only on the loopback address.
/// </summary>
public sealed class CapacityServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public CapacityServer(int slots, int serviceMs, int maxRequests)
    {
        (Slots, ServiceMs, MaxRequests) = (slots, serviceMs, maxRequests);
        _slots = new SemaphoreSlim(slots, slots);
        // HttpListener's first connections block pool threads; without spare ones the pool grows a thread or two a
        // second, and the first requests wait for that instead of for a slot.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Accept);
    }

    public int Slots { get; }
    public int ServiceMs { get; }
    public int MaxRequests { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    /// <summary>Requests per second it completes flat out.</summary>
    public double CapacityRps => Slots * 1000.0 / ServiceMs;
    public int Requests => Volatile.Read(ref _requests);

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Serve(context));
        }
    }

    private async Task Serve(HttpListenerContext context)
    {
        try
        {
            if (Interlocked.Increment(ref _requests) > MaxRequests)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            }
            await _slots.WaitAsync(_stop.Token);
            try { await Task.Delay(ServiceMs, _stop.Token); }
            finally { _slots.Release(); }
            var body = "ok"u8.ToArray();
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body, _stop.Token);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away, or the server is stopping.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
