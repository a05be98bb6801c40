using System.Runtime.InteropServices;

namespace GigStore.Media.Vips;

/// <summary>
/// The few libvips 8.14 entry points GigStore needs. Optional arguments of libvips' variadic
/// functions are passed as a NULL-terminated tail, as its C API expects; on x86-64 and arm64 Linux
/// integer and pointer variadic arguments travel exactly like fixed ones.
/// </summary>
internal static unsafe partial class LibVips
{
    private const string Vips = "libvips.so.42";
    private const string GObject = "libgobject-2.0.so.0";
    private const string GLib = "libglib-2.0.so.0";

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_init(string argv0);

    /// <summary>libc's setenv: libvips reads its settings with getenv, which .NET's Environment does not change.</summary>
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport(Vips)]
    public static partial void vips_block_untrusted_set(int state);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void vips_operation_block_set(string name, int state);

    [LibraryImport(Vips)]
    public static partial void vips_cache_set_max(int max);

    [LibraryImport(Vips)]
    public static partial void vips_concurrency_set(int concurrency);

    [LibraryImport(Vips)]
    public static partial nint vips_error_buffer();

    [LibraryImport(Vips)]
    public static partial void vips_error_clear();

    /// <summary>Opens an image lazily: only the header is read until pixels are asked for.</summary>
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint vips_image_new_from_buffer(byte* buffer, nuint length, string optionString, nint end);

    [LibraryImport(Vips)]
    public static partial int vips_image_get_width(nint image);

    [LibraryImport(Vips)]
    public static partial int vips_image_get_height(nint image);

    /// <summary>An integer header field such as "orientation"; non-zero when the image has no such field.</summary>
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_image_get_int(nint image, string name, out int value);

    /// <summary>vips_thumbnail_buffer(buf, len, &amp;out, width, "height", h, "size", VIPS_SIZE_DOWN, "option_string", s, NULL)</summary>
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_thumbnail_buffer(
        byte* buffer, nuint length, out nint output, int width,
        string heightName, int height,
        string sizeName, int size,
        string optionName, string options,
        nint end);

    /// <summary>vips_thumbnail_image(in, &amp;out, width, "height", h, "size", VIPS_SIZE_DOWN, NULL)</summary>
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_thumbnail_image(nint input, out nint output, int width, string heightName, int height, string sizeName, int size, nint end);

    /// <summary>vips_resize(in, &amp;out, scale, "kernel", kernel, NULL)</summary>
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_resize(nint input, out nint output, double scale, string kernelName, int kernel, nint end);

    /// <summary>Turns the image upright by its orientation field, and removes the field.</summary>
    [LibraryImport(Vips)]
    public static partial int vips_autorot(nint input, out nint output, nint end);

    [LibraryImport(Vips)]
    public static partial nint vips_image_copy_memory(nint image);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_image_write_to_buffer(nint image, string suffix, out nint buffer, out nuint length, nint end);

    /// <summary>The names of every header field and metadata item, NULL-terminated; free with g_strfreev.</summary>
    [LibraryImport(Vips)]
    public static partial nint vips_image_get_fields(nint image);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int vips_image_remove(nint image, string name);

    [LibraryImport(GLib)]
    public static partial void g_strfreev(nint strings);

    [LibraryImport(GObject)]
    public static partial void g_object_unref(nint obj);

    [LibraryImport(GLib)]
    public static partial void g_free(nint mem);

    public const int SizeDown = 2; // VIPS_SIZE_DOWN: never enlarge

    public const int KernelLanczos2 = 4; // VIPS_KERNEL_LANCZOS2
}
