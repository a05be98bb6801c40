using System.Runtime.InteropServices;

namespace GigStore.Media.Vips;

public sealed class VipsException(string message) : Exception(message);

/// <summary>A libvips image reference, released when disposed.</summary>
internal sealed class VipsImage : SafeHandle
{
    private VipsImage(nint handle)
        : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    public int Width => LibVips.vips_image_get_width(handle);

    public int Height => LibVips.vips_image_get_height(handle);

    public static VipsImage Wrap(nint handle, string what) => handle == 0 ? throw Runtime.Error(what) : new VipsImage(handle);

    /// <summary>
    /// Reads only the header: the declared size and metadata names, before any pixel is decoded.
    /// libvips reads the caller's buffer without copying it, so everything happens while it is pinned.
    /// </summary>
    public static unsafe (int Width, int Height, IReadOnlyList<string> Fields) ReadHeader(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            using var image = Wrap(LibVips.vips_image_new_from_buffer(p, (nuint)data.Length, "", 0), "read the image header");
            return (image.Width, image.Height, image.FieldNames());
        }
    }

    /// <summary>
    /// Decodes, auto-rotates and shrinks (never enlarges) to fit <paramref name="width"/>, into memory;
    /// a truncated or damaged file fails. The buffer stays pinned until the pixels are in memory.
    /// </summary>
    public static unsafe VipsImage Decode(ReadOnlySpan<byte> data, int width, bool jpeg)
    {
        fixed (byte* p = data)
        {
            if (jpeg)
            {
                return DecodeJpeg(p, data.Length, width);
            }

            var status = LibVips.vips_thumbnail_buffer(p, (nuint)data.Length, out var output, width, "height", 100_000, "size", LibVips.SizeDown, "option_string", "fail_on=truncated", 0);
            if (status != 0)
            {
                throw Runtime.Error("decode the image");
            }

            using var lazy = new VipsImage(output);
            return lazy.InMemory();
        }
    }

    /// <summary>
    /// A JPEG is decoded straight to the smallest DCT scale (1/2, 1/4 or 1/8) that is still at least
    /// <paramref name="width"/> wide once upright, into memory (read sequentially, so libvips keeps no
    /// second full-size copy), and only then resized and turned upright: from memory the resize runs on
    /// every core, while vips_thumbnail_buffer's sequential pipeline keeps it waiting on the decoder and
    /// costs more CPU time in all. What is left after the DCT scale is less than 2× (e.g. 2000 → 1600
    /// px), where a Lanczos-2 kernel is within 0.5 dB of Lanczos-3 before encoding (and within 0.05 dB
    /// after WebP Q80) at two thirds of its cost.
    /// </summary>
    private static unsafe VipsImage DecodeJpeg(byte* data, int length, int width)
    {
        var shrink = 1;
        int upright;
        using (var header = Wrap(LibVips.vips_image_new_from_buffer(data, (nuint)length, "", 0), "read the image header"))
        {
            var sideways = LibVips.vips_image_get_int(header.handle, "orientation", out var orientation) == 0 && orientation is >= 5 and <= 8;
            upright = sideways ? header.Height : header.Width;
            while (shrink < 8 && (upright + (2 * shrink) - 1) / (2 * shrink) >= width)
            {
                shrink *= 2;
            }
        }

        using var lazy = Wrap(LibVips.vips_image_new_from_buffer(data, (nuint)length, $"shrink={shrink},fail_on=truncated,access=sequential", 0), "decode the image");
        using var decoded = lazy.InMemory();
        var decodedUpright = (upright + shrink - 1) / shrink;
        if (decodedUpright <= width)
        {
            using var asDecoded = decoded.Upright();
            return asDecoded.InMemory();
        }

        using var resized = decoded.Resize((double)width / decodedUpright, LibVips.KernelLanczos2);
        using var turned = resized.Upright();
        return turned.InMemory();
    }

    private VipsImage Resize(double scale, int kernel) =>
        LibVips.vips_resize(handle, out var output, scale, "kernel", kernel, 0) == 0 ? new VipsImage(output) : throw Runtime.Error("resize the image");

    private VipsImage Upright() =>
        LibVips.vips_autorot(handle, out var output, 0) == 0 ? new VipsImage(output) : throw Runtime.Error("turn the image upright");

    public VipsImage Thumbnail(int width)
    {
        var status = LibVips.vips_thumbnail_image(handle, out var output, width, "height", 100_000, "size", LibVips.SizeDown, 0);
        return status == 0 ? new VipsImage(output) : throw Runtime.Error("resize the image");
    }

    /// <summary>Renders the image into memory once, so several variants can be made from it without decoding again.</summary>
    public VipsImage InMemory() => Wrap(LibVips.vips_image_copy_memory(handle), "render the image");

    /// <summary>
    /// Removes every metadata item (EXIF with GPS, XMP, IPTC, ...) but the colour profile. Encoders'
    /// own "strip" is not enough: libvips 8.14's WebP encoder still writes EXIF.
    /// </summary>
    public void RemoveMetadata()
    {
        foreach (var name in FieldNames().Where(n => n != "icc-profile-data"))
        {
            LibVips.vips_image_remove(handle, name); // false for built-in header fields, which are not metadata
        }
    }

    /// <summary>Header fields and metadata items, e.g. "width", "exif-data", "exif-ifd3-GPSLatitude".</summary>
    public unsafe IReadOnlyList<string> FieldNames()
    {
        var fields = LibVips.vips_image_get_fields(handle);
        var names = new List<string>();
        for (var p = (nint*)fields; *p != 0; p++)
        {
            names.Add(Marshal.PtrToStringUTF8(*p)!);
        }

        LibVips.g_strfreev(fields);
        return names;
    }

    /// <summary>Encodes to a format given by suffix and options, e.g. ".webp[Q=80,strip]".</summary>
    public byte[] Save(string suffix)
    {
        if (LibVips.vips_image_write_to_buffer(handle, suffix, out var buffer, out var length, 0) != 0)
        {
            throw Runtime.Error("encode the image");
        }

        try
        {
            var bytes = new byte[(int)length];
            Marshal.Copy(buffer, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            LibVips.g_free(buffer);
        }
    }

    protected override bool ReleaseHandle()
    {
        LibVips.g_object_unref(handle);
        return true;
    }

    internal static class Runtime
    {
        private static readonly Lazy<bool> Started = new(Start);

        public static void EnsureStarted() => _ = Started.Value;

        public static VipsException Error(string what)
        {
            var message = Marshal.PtrToStringUTF8(LibVips.vips_error_buffer())?.Trim() ?? "";
            LibVips.vips_error_clear();
            return new VipsException($"libvips could not {what}: {message}");
        }

        private static bool Start()
        {
            // No plugin modules (openslide, magick, poppler, heif, jxl): we accept none of their formats,
            // and openslide would load the system libsqlite3 globally, where it clashes with the SQLite
            // that EF Core ships and crashes the process. libvips looks for modules under $VIPSHOME/lib.
            LibVips.setenv("VIPSHOME", Path.Combine(AppContext.BaseDirectory, "no-vips-modules"), 1);
            if (LibVips.vips_init("gigstore") != 0)
            {
                throw Error("start");
            }

            // Only the loaders for the formats we accept, and none that libvips marks untrusted.
            LibVips.vips_block_untrusted_set(1);
            LibVips.vips_operation_block_set("VipsForeignLoad", 1);
            foreach (var loader in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif" })
            {
                LibVips.vips_operation_block_set(loader, 0);
            }

            // Untrusted input should not linger in the operation cache.
            LibVips.vips_cache_set_max(0);
            return true;
        }
    }
}
