using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Respite.Web.Tests.Reminders;

/// <summary>
/// A minimal SMTP receiver on 127.0.0.1 (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) that records what it accepts,
/// so delivery through MailKit is tested over a real socket. <see cref="RcptReply"/> and <see cref="DataReply"/> make
/// it refuse (4xx/5xx). Each session is bounded in commands and in time; the listener stops on dispose.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public sealed record Received(string From, IReadOnlyList<string> To, string Data);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SmtpTestServer()
    {
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <summary>The reply to RCPT TO; null accepts (250).</summary>
    public string? RcptReply { get; set; }

    /// <summary>The reply after the message data; null accepts (250).</summary>
    public string? DataReply { get; set; }

    public int Connections => _connections;

    private int _connections;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => SessionAsync(client));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            await writer.WriteLineAsync("220 localhost test SMTP ready");
            string? from = null;
            var to = new List<string>();
            for (var commands = 0; commands < 100; commands++)
            {
                var line = await reader.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    return;
                }

                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':') + 1)..].Trim();
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        if (RcptReply is { } refusal)
                        {
                            await writer.WriteLineAsync(refusal);
                        }
                        else
                        {
                            to.Add(line[(line.IndexOf(':') + 1)..].Trim().Trim('<', '>'));
                            await writer.WriteLineAsync("250 2.1.5 OK");
                        }

                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        for (var lines = 0; lines < 10_000; lines++)
                        {
                            var dataLine = await reader.ReadLineAsync(timeout.Token);
                            if (dataLine is null or ".")
                            {
                                break;
                            }

                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        if (DataReply is { } dataRefusal)
                        {
                            await writer.WriteLineAsync(dataRefusal);
                        }
                        else
                        {
                            Messages.Enqueue(new Received(from ?? "", [.. to], data.ToString()));
                            await writer.WriteLineAsync("250 2.0.0 Queued");
                        }

                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
