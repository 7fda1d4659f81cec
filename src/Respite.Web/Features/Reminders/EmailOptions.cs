using MailKit.Security;

namespace Respite.Web.Features.Reminders;

/// <summary>How the outbox is delivered.</summary>
public enum EmailTransportKind
{
    /// <summary>Writes each message as an .eml file into <see cref="EmailOptions.PickupDirectory"/> (the Development default).</summary>
    Pickup,

    /// <summary>Hands each message to the SMTP relay in <see cref="EmailOptions.Smtp"/>.</summary>
    Smtp,
}

/// <summary>The <c>Email</c> configuration section (deployment settings, not clinic policy).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailTransportKind Transport { get; set; } = EmailTransportKind.Pickup;

    /// <summary>The folder for <see cref="EmailTransportKind.Pickup"/>; relative paths are under the content root. Default <c>App_Data/outbox</c>.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Delivery attempts before a message is abandoned.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles with each further failure, up to six hours.</summary>
    public int RetryAfterSeconds { get; set; } = 60;

    /// <summary>Messages delivered per run of the sender.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The wait after <paramref name="attempts"/> failed attempts.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var seconds = Math.Max(1, RetryAfterSeconds) * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromHours(6).TotalSeconds));
    }
}

/// <summary>The SMTP relay (<c>Email:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default), <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c>, <c>Auto</c> or <c>None</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Network timeout for one message, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The <c>Reminders</c> configuration section: the background loop that queues and sends.</summary>
public sealed class ReminderWorkerOptions
{
    public const string Section = "Reminders";

    /// <summary>Runs the loop in the host; off in the Testing environment unless set, where tests drive it directly.</summary>
    public bool Background { get; set; } = true;

    /// <summary>Seconds between runs (bounded to 10 s – 1 day).</summary>
    public int IntervalSeconds { get; set; } = 300;

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Clamp(IntervalSeconds, 10, 86_400));
}
