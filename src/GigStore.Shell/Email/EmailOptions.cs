using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace GigStore.Shell.Email;

/// <summary><c>GigStore:Email</c>: the sender's address and the mail server; without a server host, emails are written to files.</summary>
internal sealed class EmailOptions : IValidatableObject
{
    public const string Section = "GigStore:Email";

    /// <summary>The sender; each tenant's site name replaces the display name.</summary>
    [Required]
    public string From { get; set; } = "GigStore <no-reply@localhost>";

    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailAddress.TryCreate(From, out _))
        {
            yield return new ValidationResult($"{Section}:From must be an email address, e.g. \"GigStore <no-reply@example.com>\".", [nameof(From)]);
        }

        if (string.IsNullOrEmpty(Smtp.UserName) != string.IsNullOrEmpty(Smtp.Password))
        {
            yield return new ValidationResult($"{Section}:Smtp:UserName and {Section}:Smtp:Password go together: set both or neither.", [nameof(Smtp)]);
        }
    }
}

internal sealed class SmtpOptions
{
    /// <summary>The mail server; empty writes each email as an .eml file under App_Data/Sites/{tenant}/mail.</summary>
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = EmailOptions.Section + ":Smtp:Port must be a TCP port (1–65535).")]
    public int Port { get; set; } = 25;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>STARTTLS (System.Net.Mail does not speak implicit TLS on port 465).</summary>
    public bool EnableSsl { get; set; }
}
