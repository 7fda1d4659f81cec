using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Respite.Web.Features.Reminders;

/// <summary>Delivers one message; throws when it was not accepted.</summary>
public interface IEmailTransport
{
    /// <summary>Null when the transport can deliver; otherwise why not (e.g. no SMTP host configured).</summary>
    string? NotConfiguredBecause { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Hands messages to an SMTP relay with MailKit, one connection per run of the sender.</summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    private readonly SmtpOptions _smtp = options.Value.Smtp;

    public string? NotConfiguredBecause => string.IsNullOrWhiteSpace(_smtp.Host) ? "Email:Smtp:Host is not configured." : null;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = Math.Clamp(_smtp.TimeoutSeconds, 1, 600) * 1000 };
        await client.ConnectAsync(_smtp.Host ?? throw new InvalidOperationException(NotConfiguredBecause), _smtp.Port, _smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(_smtp.UserName))
        {
            await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>Writes each message as <c>{message id}.eml</c> into a folder, for Development and inspection.</summary>
public sealed class PickupEmailTransport(IOptions<EmailOptions> options, IHostEnvironment environment) : IEmailTransport
{
    public string? NotConfiguredBecause => null;

    /// <summary>The folder written to: <c>Email:PickupDirectory</c>, relative to the content root, default <c>App_Data/outbox</c>.</summary>
    public string Directory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory is { Length: > 0 } path ? path : Path.Combine("App_Data", "outbox")));

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars()));
        var target = Path.Combine(Directory, name + ".eml");
        var partial = target + ".partial";
        await using (var stream = File.Create(partial))
        {
            await message.WriteToAsync(stream, cancellationToken);
        }

        File.Move(partial, target, overwrite: true);
    }
}
