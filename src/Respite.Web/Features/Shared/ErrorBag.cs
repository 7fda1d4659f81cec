using System.Net.Mail;

namespace Respite.Web.Features.Shared;

/// <summary>Collects validation errors keyed by the request field they concern.</summary>
public sealed class ErrorBag
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public string? Required(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(field, "This field is required.");
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
            return null;
        }

        return trimmed;
    }

    public string? Optional(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
            return null;
        }

        return trimmed;
    }

    public string? Email(string field, string? value)
    {
        var email = Optional(field, value, 254);
        if (email is null)
        {
            return null;
        }

        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal))
        {
            Add(field, "Not a valid e-mail address.");
            return null;
        }

        return email;
    }

    public string? Phone(string field, string? value)
    {
        var phone = Optional(field, value, 40);
        if (phone is null)
        {
            return null;
        }

        var digits = phone.Count(char.IsDigit);
        if (digits < 6 || phone.Any(c => !(char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')))
        {
            Add(field, "Not a valid phone number.");
            return null;
        }

        return phone;
    }

    public DateOnly? DateOfBirth(string field, DateOnly? value, DateOnly today)
    {
        if (value is not { } date)
        {
            Add(field, "This field is required.");
            return null;
        }

        if (date > today)
        {
            Add(field, "Date of birth cannot be in the future.");
            return null;
        }

        if (date < today.AddYears(-130))
        {
            Add(field, "Date of birth is more than 130 years ago.");
            return null;
        }

        return date;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    public Outcome<T> ToOutcome<T>() => Outcome<T>.Invalid(ToDictionary());
}
