"""PNG images with the standard library (the book's chapter 19 data, chapter 22's picture).

The book reads its Fashion-MNIST folder with OpenCV, ``cv2.imread(path,
cv2.IMREAD_UNCHANGED)``, and a learner's own picture with ``cv2.imread(path,
cv2.IMREAD_GRAYSCALE)``. ``read_png`` gives the same pixels without OpenCV:

    image = read_png("fashion_mnist_images/train/0/0000.png")
    image.tolist()                          # rows of grey levels 0-255, as cv2.imread
    read_png("pants.png", grayscale=True)   # a colour picture in grey, as IMREAD_GRAYSCALE

A PNG file is an 8-byte signature, then chunks, each: a 4-byte big-endian length, a 4-byte
type (IHDR, IDAT, IEND, ...), the data, and a CRC-32 of the type and data. IHDR gives the
width, height, bit depth, colour type and interlace method; the IDAT chunks, joined and
inflated with zlib, are the rows of pixels, each row after a byte naming its *filter*: the
encoder stored each byte as a difference from a prediction made of its neighbours (to the
left ``a``, above ``b``, above-left ``c``), which the reader adds back (``unfilter_row``).

Read: 8-bit grayscale (colour type 0), grey with alpha (4), RGB (2) and RGBA (6),
non-interlaced, every filter type. Anything else is refused with the file's name and the
reason: 16-bit or 1/2/4-bit pixels, palette images, interlaced (Adam7) files, a broken
chunk or CRC, a file cut short. Colour pixels are given in OpenCV's order, blue first
(``[B, G, R]`` or ``[B, G, R, A]``), as ``cv2.imread`` gives them.

``write_png`` writes grey or colour images (8-bit), with the filter type you choose.
"""
import os
import struct
import zlib
from array import array

from .tools.notebook import png_text, pretty

# Every PNG file starts with these 8 bytes
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Colour type -> (name, channels in the file)
COLOR_TYPES = {0: ("grayscale", 1), 2: ("RGB", 3), 4: ("grayscale with alpha", 2),
               6: ("RGBA", 4)}
FILTER_NAMES = ("None", "Sub", "Up", "Average", "Paeth")

# Refuse images larger than this many pixels (a damaged or hostile header cannot make the
# reader allocate gigabytes): 100 megapixels
MAX_PIXELS = 100_000_000

# OpenCV's grey level of a colour pixel (cv2.imread(path, cv2.IMREAD_GRAYSCALE), done by
# libpng's png_set_rgb_to_gray(0.299, 0.587)): weights in 1/32768, rounded down
GRAY_RED, GRAY_GREEN, GRAY_BLUE = 9797, 19234, 3737
GRAY_SHIFT = 15


class PngError(ValueError):
    """A PNG file purenn cannot read: the message names the file and the problem."""


class PngImage:
    """A decoded PNG: ``width``, ``height``, ``channels`` and the pixels, flat.

    ``pixels`` is a bytes object: row after row, each pixel's channels in the file's order
    (grey; grey, alpha; R, G, B; R, G, B, A). ``tolist()`` gives what cv2.imread gives.
    """

    def __init__(self, path, width, height, color_type, pixels):
        self.path = path
        self.width = width
        self.height = height
        self.color_type = color_type
        self.channels = COLOR_TYPES[color_type][1]
        self.pixels = pixels

    def __repr__(self):
        return (f"PngImage(path={str(self.path)!r}, width={self.width}, height={self.height}, "
                f"{COLOR_TYPES[self.color_type][0]})")

    # In a notebook: the repr, then the first rows of pixels
    _repr_pretty_ = pretty(png_text)

    @property
    def shape(self):
        """(height, width) for a grey image, (height, width, channels) otherwise (as NumPy's)."""
        if self.channels == 1:
            return (self.height, self.width)
        return (self.height, self.width, self.channels)

    def tolist(self):
        """The rows as cv2.imread(path, cv2.IMREAD_UNCHANGED) gives them, as nested lists.

        Grey: rows of grey levels. Colour: rows of pixels, each [B, G, R] or [B, G, R, A]
        (OpenCV's order). Grey with alpha: [B, G, R, A] with B = G = R (OpenCV's too).
        """
        rows = []
        row_size = self.width * self.channels
        for y in range(self.height):
            row = self.pixels[y * row_size:(y + 1) * row_size]
            if self.channels == 1:
                rows.append(list(row))
                continue
            pixels = []
            for x in range(0, row_size, self.channels):
                pixels.append(_opencv_order(row[x:x + self.channels]))
            rows.append(pixels)
        return rows

    def to_grayscale(self):
        """A grey PngImage: as cv2.imread(path, cv2.IMREAD_GRAYSCALE) reads this file.

        Colour: ``(9797 R + 19234 G + 3737 B) >> 15`` (libpng's 0.299, 0.587, 0.114 in
        fifteen bits, rounded down); alpha is dropped, not blended.
        """
        if self.channels == 1:
            return self
        gray = bytearray(self.width * self.height)
        channels = self.channels
        for i in range(len(gray)):
            pixel = self.pixels[i * channels:(i + 1) * channels]
            if channels == 2:
                # Grey with alpha: the grey level, the alpha dropped
                gray[i] = pixel[0]
            else:
                red, green, blue = pixel[0], pixel[1], pixel[2]
                gray[i] = (GRAY_RED * red + GRAY_GREEN * green + GRAY_BLUE * blue) >> GRAY_SHIFT
        return PngImage(self.path, self.width, self.height, 0, bytes(gray))


def _opencv_order(pixel):
    """One pixel's channels as OpenCV lists them: [B, G, R(, A)]; grey + alpha as [g, g, g, a]."""
    if len(pixel) == 2:
        return [pixel[0], pixel[0], pixel[0], pixel[1]]
    if len(pixel) == 3:
        return [pixel[2], pixel[1], pixel[0]]
    return [pixel[2], pixel[1], pixel[0], pixel[3]]


# --- reading ------------------------------------------------------------------------------

def read_png(path, grayscale=False):
    """Read a PNG file: a PngImage. grayscale=True converts colour as IMREAD_GRAYSCALE.

    Raises PngError (a ValueError) naming the file for anything it cannot read, and
    FileNotFoundError for a file that is not there.
    """
    with open(path, "rb") as file:
        data = file.read()
    image = decode_png(data, path)
    return image.to_grayscale() if grayscale else image


def decode_png(data, path="<bytes>"):
    """The PngImage that the bytes of a PNG file hold (``path`` names it in errors)."""
    header = None
    compressed = []
    for chunk_type, chunk_data in _chunks(data, path):
        if header is None and chunk_type != b"IHDR":
            raise PngError(f"{path}: broken PNG: the first chunk is {_name(chunk_type)}, "
                           f"not IHDR")
        if chunk_type == b"IHDR":
            header = _header(chunk_data, path)
        elif chunk_type == b"IDAT":
            compressed.append(chunk_data)
        elif chunk_type == b"IEND":
            break
        elif chunk_type[0] & 0x20 == 0 and chunk_type != b"PLTE":
            # An upper-case first letter: a critical chunk, which a reader must understand
            raise PngError(f"{path}: unsupported PNG: critical chunk {_name(chunk_type)}")
    else:
        raise PngError(f"{path}: truncated PNG: the file ends without its IEND chunk")
    if not compressed:
        raise PngError(f"{path}: broken PNG: no IDAT chunk (no pixel data)")
    width, height, color_type = header
    channels = COLOR_TYPES[color_type][1]
    row_size = width * channels
    # Each row: its filter byte, then its bytes
    expected = height * (1 + row_size)
    filtered = _inflate(b"".join(compressed), expected, path)
    return PngImage(path, width, height, color_type,
                    _unfilter(filtered, height, row_size, channels, path))


def _chunks(data, path):
    """(type, data) of each chunk, its CRC checked; PngError if the file is not a PNG."""
    if data[:8] != PNG_SIGNATURE:
        if PNG_SIGNATURE.startswith(data):
            raise PngError(f"{path}: truncated PNG: {len(data)} bytes, shorter than the "
                           f"8-byte signature")
        raise PngError(f"{path}: not a PNG file (it does not start with the PNG signature "
                       f"\\x89PNG\\r\\n\\x1a\\n)")
    position = 8
    while position < len(data):
        if position + 8 > len(data):
            raise PngError(f"{path}: truncated PNG: a chunk header is cut short at byte "
                           f"{position} of {len(data)}")
        length, chunk_type = struct.unpack(">I4s", data[position:position + 8])
        if not chunk_type.isalpha():
            raise PngError(f"{path}: broken chunk at byte {position}: its type "
                           f"{chunk_type!r} is not four letters")
        end = position + 8 + length + 4
        if end > len(data):
            raise PngError(f"{path}: truncated PNG: chunk {_name(chunk_type)} at byte "
                           f"{position} needs {length + 12} bytes, the file ends "
                           f"{len(data) - position} bytes on")
        chunk_data = data[position + 8:position + 8 + length]
        crc = struct.unpack(">I", data[end - 4:end])[0]
        if zlib.crc32(chunk_type + chunk_data) != crc:
            raise PngError(f"{path}: broken chunk {_name(chunk_type)} at byte {position}: "
                           f"its CRC does not match its data (the file is damaged)")
        yield chunk_type, chunk_data
        position = end


def _name(chunk_type):
    return chunk_type.decode("latin-1")


def _header(chunk_data, path):
    """(width, height, colour type) from IHDR; PngError for what this reader cannot read."""
    if len(chunk_data) != 13:
        raise PngError(f"{path}: broken IHDR chunk: {len(chunk_data)} bytes, not 13")
    width, height, bit_depth, color_type, compression, filter_method, interlace = \
        struct.unpack(">IIBBBBB", chunk_data)
    if width == 0 or height == 0:
        raise PngError(f"{path}: broken IHDR chunk: the image is {width} x {height} pixels")
    if width * height > MAX_PIXELS:
        raise PngError(f"{path}: the image is {width} x {height} pixels, more than the "
                       f"{MAX_PIXELS:,} this reader accepts")
    if color_type == 3:
        raise PngError(f"{path}: unsupported PNG: a palette (colour type 3) image; save it "
                       f"as grayscale, RGB or RGBA")
    if color_type not in COLOR_TYPES:
        raise PngError(f"{path}: broken IHDR chunk: colour type {color_type} does not exist")
    if bit_depth != 8:
        raise PngError(f"{path}: unsupported PNG: {bit_depth}-bit "
                       f"{COLOR_TYPES[color_type][0]}; this reader reads 8-bit images only")
    if interlace != 0:
        raise PngError(f"{path}: unsupported PNG: interlaced (Adam7); save it "
                       f"non-interlaced")
    if compression != 0 or filter_method != 0:
        raise PngError(f"{path}: broken IHDR chunk: compression method {compression}, "
                       f"filter method {filter_method} (PNG defines only 0)")
    return width, height, color_type


def _inflate(compressed, expected, path):
    """The IDAT data inflated: exactly ``expected`` bytes, or PngError."""
    inflater = zlib.decompressobj()
    try:
        # At most one byte more than the image needs: a damaged stream cannot fill memory
        data = inflater.decompress(compressed, expected + 1)
    except zlib.error as error:
        raise PngError(f"{path}: broken IDAT data: zlib cannot inflate it ({error})") from None
    if len(data) > expected:
        raise PngError(f"{path}: broken IDAT data: more than the {expected} bytes the "
                       f"image's rows need")
    if len(data) < expected:
        problem = "ends early" if not inflater.eof else "holds fewer bytes"
        raise PngError(f"{path}: truncated PNG: the IDAT data {problem}: {len(data)} of the "
                       f"{expected} bytes the image's rows need")
    return data


def _unfilter(filtered, height, row_size, bytes_per_pixel, path):
    """The pixels, flat: each row's filter undone, row after row."""
    pixels = bytearray(height * row_size)
    previous = bytes(row_size)  # above the first row: zeros
    for y in range(height):
        start = y * (1 + row_size)
        filter_type = filtered[start]
        if filter_type > 4:
            raise PngError(f"{path}: broken IDAT data: row {y} has filter type "
                           f"{filter_type} (PNG's are 0-4)")
        row = unfilter_row(filter_type, filtered[start + 1:start + 1 + row_size], previous,
                           bytes_per_pixel)
        pixels[y * row_size:(y + 1) * row_size] = row
        previous = row
    return bytes(pixels)


def unfilter_row(filter_type, row, previous, bytes_per_pixel):
    """One row's bytes with its filter undone (PNG's filter types 0-4).

    Each byte was stored as ``x - prediction`` (mod 256), the prediction made of the
    already decoded bytes to its left ``a`` (one pixel back), above ``b`` and above-left
    ``c`` (zero outside the image). Returns a bytearray.
    """
    if filter_type == 0:
        # None: the bytes as they are
        return bytearray(row)
    if filter_type == 2:
        # Up: x = stored + b
        out = bytearray(len(row))
        for i in range(len(row)):
            out[i] = (row[i] + previous[i]) & 0xFF
        return out
    out = bytearray(row)
    for i in range(len(row)):
        a = out[i - bytes_per_pixel] if i >= bytes_per_pixel else 0
        b = previous[i]
        c = previous[i - bytes_per_pixel] if i >= bytes_per_pixel else 0
        if filter_type == 1:
            # Sub: x = stored + a
            prediction = a
        elif filter_type == 3:
            # Average: x = stored + floor((a + b) / 2)
            prediction = (a + b) >> 1
        else:
            # Paeth: the one of a, b, c nearest to a + b - c (ties: a, then b)
            prediction = paeth_predictor(a, b, c)
        out[i] = (out[i] + prediction) & 0xFF
    return out


def paeth_predictor(a, b, c):
    """PNG's Paeth predictor: whichever of a, b, c is nearest p = a + b - c."""
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    if pb <= pc:
        return b
    return c


# --- writing ------------------------------------------------------------------------------

def filter_row(filter_type, row, previous, bytes_per_pixel):
    """One row's bytes filtered with ``filter_type`` (0-4): the inverse of unfilter_row."""
    out = bytearray(len(row))
    for i in range(len(row)):
        a = row[i - bytes_per_pixel] if i >= bytes_per_pixel else 0
        b = previous[i]
        c = previous[i - bytes_per_pixel] if i >= bytes_per_pixel else 0
        prediction = (0, a, b, (a + b) >> 1, paeth_predictor(a, b, c))[filter_type]
        out[i] = (row[i] - prediction) & 0xFF
    return out


def encode_png(width, height, channels, pixels, filter_type=0):
    """The bytes of an 8-bit PNG file of flat ``pixels`` (channels 1 grey, 2 grey + alpha,
    3 RGB, 4 RGBA, in that order), every row filtered with ``filter_type`` (0-4)."""
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    row_size = width * channels
    filtered = bytearray()
    previous = bytes(row_size)
    for y in range(height):
        row = pixels[y * row_size:(y + 1) * row_size]
        filtered.append(filter_type)
        filtered += filter_row(filter_type, row, previous, channels) if filter_type else row
        previous = row
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(filtered), 9)) + _chunk(b"IEND", b""))


def _chunk(chunk_type, data):
    """length, type, data, CRC-32 of type and data."""
    return (struct.pack(">I", len(data)) + chunk_type + data
            + struct.pack(">I", zlib.crc32(chunk_type + data)))


def write_png(path, image, filter_type=0):
    """Write ``image`` as an 8-bit PNG file; returns ``path``.

    image: rows of grey levels (as ``read_png(...).tolist()`` gives a grey file), rows of
    [B, G, R] or [B, G, R, A] pixels (OpenCV's order, as ``tolist()`` gives a colour file),
    or a PngImage. Each value a whole number 0-255. filter_type: PNG's filter 0-4 for
    every row (0, None, by default). The file is written whole or not at all.
    """
    if filter_type not in (0, 1, 2, 3, 4):
        raise ValueError(f"filter_type must be 0-4 ({', '.join(FILTER_NAMES)}), "
                         f"not {filter_type!r}")
    if isinstance(image, PngImage):
        width, height, channels, pixels = image.width, image.height, image.channels, image.pixels
    else:
        width, height, channels, pixels = _pixels_of(image)
    content = encode_png(width, height, channels, pixels, filter_type)
    # Into a temporary file beside it, then renamed: never a half-written PNG
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return path


def _pixels_of(image):
    """(width, height, channels, flat bytes in the file's order) of nested rows; ValueError
    naming the position of a ragged row or a value that is not a byte."""
    if not isinstance(image, (list, tuple)) or not image or \
            not isinstance(image[0], (list, tuple)) or not image[0]:
        raise ValueError("image must be rows of pixels (a non-empty list of non-empty rows)")
    height, width = len(image), len(image[0])
    first = image[0][0]
    channels = len(first) if isinstance(first, (list, tuple)) else 1
    if channels not in (1, 3, 4):
        raise ValueError(f"image[0][0] has {channels} channels: give grey levels, [B, G, R] "
                         f"or [B, G, R, A]")
    pixels = array("B")
    for y, row in enumerate(image):
        if not isinstance(row, (list, tuple)) or len(row) != width:
            raise ValueError(f"image[{y}] does not have {width} pixels: the rows are not "
                             f"homologous")
        for x, pixel in enumerate(row):
            values = [pixel] if channels == 1 else pixel
            if channels > 1 and (not isinstance(pixel, (list, tuple))
                                 or len(pixel) != channels):
                raise ValueError(f"image[{y}][{x}] is not a pixel of {channels} channels")
            for value in values:
                if isinstance(value, bool) or not isinstance(value, int) or \
                        not 0 <= value <= 255:
                    raise ValueError(f"image[{y}][{x}] holds {value!r}: a PNG's 8-bit "
                                     f"values are whole numbers 0-255")
            if channels == 1:
                pixels.append(values[0])
            else:
                # OpenCV's [B, G, R(, A)] -> the file's R, G, B(, A)
                pixels.extend((values[2], values[1], values[0]) + tuple(values[3:]))
    return width, height, channels, pixels.tobytes()
