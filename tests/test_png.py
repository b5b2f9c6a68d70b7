"""purenn.png: the PNG reader on hand-made files (every filter type, every error case), on
files its writer makes, and against OpenCV and Pillow (optional oracles) and Fashion-MNIST."""
import struct
import zlib
from pathlib import Path

import pytest

from purenn.png import PngError, PngImage, decode_png, read_png, write_png

DEBIAN_FOLDER = Path("/usr/share/datasets/fashion-mnist")


def chunk(chunk_type, data):
    """The gold chunk: length, type, data, CRC-32, written out with struct and zlib."""
    return (struct.pack(">I", len(data)) + chunk_type + data
            + struct.pack(">I", zlib.crc32(chunk_type + data)))


def png_bytes(width, height, filtered_rows, color_type=0, bit_depth=8, interlace=0):
    """A PNG file made by hand: each row given as its filter byte and its filtered bytes."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    raw = b"".join(bytes(row) for row in filtered_rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def write(tmp_path, content, name="image.png"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


# A 3 x 2 grey image, and each row filtered by hand (bytes mod 256). Row 0 has no row
# above it (b = c = 0); in row 1 Paeth picks b for the first two bytes and c for the third.
PIXELS = [[10, 20, 30], [15, 5, 40]]
HAND_FILTERED = {
    # filter: (row 0, row 1) as stored
    0: ([10, 20, 30], [15, 5, 40]),
    1: ([10, 10, 10], [15, 246, 35]),          # Sub: x - a
    2: ([10, 20, 30], [5, 241, 10]),           # Up: x - b
    3: ([10, 15, 20], [10, 244, 23]),          # Average: x - floor((a + b) / 2)
    4: ([10, 10, 10], [5, 241, 20]),           # Paeth: x - (a, b or c)
}


@pytest.mark.parametrize("filter_type", sorted(HAND_FILTERED))
def test_read_png_undoes_each_filter_type(tmp_path, filter_type):
    row0, row1 = HAND_FILTERED[filter_type]
    path = write(tmp_path, png_bytes(3, 2, [[filter_type] + row0, [filter_type] + row1]))
    image = read_png(path)
    assert (image.width, image.height, image.channels) == (3, 2, 1)
    assert image.shape == (2, 3)
    assert image.tolist() == PIXELS


def test_read_png_rows_with_different_filters(tmp_path):
    # Row 0 stored with Sub, row 1 with Paeth
    path = write(tmp_path, png_bytes(3, 2, [[1] + HAND_FILTERED[1][0],
                                           [4] + HAND_FILTERED[4][1]]))
    assert read_png(path).tolist() == PIXELS


def test_read_png_rgb_sub_filter_looks_one_pixel_back(tmp_path):
    # Two RGB pixels (10, 20, 30), (40, 50, 60): Sub subtracts the pixel to the left (3 bytes
    # back), so the second pixel is stored as (30, 30, 30). OpenCV's order is B, G, R.
    path = write(tmp_path, png_bytes(2, 1, [[1, 10, 20, 30, 30, 30, 30]], color_type=2))
    image = read_png(path)
    assert image.tolist() == [[[30, 20, 10], [60, 50, 40]]]
    # To grey as IMREAD_GRAYSCALE: (9797 R + 19234 G + 3737 B) >> 15
    assert read_png(path, grayscale=True).tolist() == [[(9797 * 10 + 19234 * 20 + 3737 * 30) >> 15,
                                                        (9797 * 40 + 19234 * 50 + 3737 * 60) >> 15]]


def test_read_png_rgba_and_grey_alpha_as_opencv_gives_them(tmp_path):
    rgba = write(tmp_path, png_bytes(1, 1, [[0, 1, 2, 3, 4]], color_type=6), "rgba.png")
    assert read_png(rgba).tolist() == [[[3, 2, 1, 4]]]
    assert read_png(rgba, grayscale=True).tolist() == [[(9797 * 1 + 19234 * 2 + 3737 * 3) >> 15]]
    grey_alpha = write(tmp_path, png_bytes(1, 1, [[0, 7, 200]], color_type=4), "la.png")
    assert read_png(grey_alpha).tolist() == [[[7, 7, 7, 200]]]
    assert read_png(grey_alpha, grayscale=True).tolist() == [[7]]


def test_read_png_joins_idat_chunks_and_skips_ancillary_ones(tmp_path):
    header = struct.pack(">IIBBBBB", 3, 2, 8, 0, 0, 0, 0)
    compressed = zlib.compress(bytes([0] + PIXELS[0] + [0] + PIXELS[1]))
    content = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", b"Title\0a")
               + chunk(b"IDAT", compressed[:5]) + chunk(b"IDAT", compressed[5:])
               + chunk(b"IEND", b""))
    assert read_png(write(tmp_path, content)).tolist() == PIXELS
    unknown = content.replace(chunk(b"tEXt", b"Title\0a"), chunk(b"ABCD", b""))
    with pytest.raises(PngError, match="unsupported PNG: critical chunk ABCD"):
        read_png(write(tmp_path, unknown, "unknown.png"))


# --- the writer ---

IMAGE = [[(17 * x + 31 * y * y) % 256 for x in range(11)] for y in range(7)]
COLOUR = [[[(3 * x + y) % 256, (5 * y) % 256, (x * y) % 256, 255 - x] for x in range(5)]
          for y in range(4)]


@pytest.mark.parametrize("filter_type", [0, 1, 2, 3, 4])
def test_write_png_then_read_png_gives_the_image_back(tmp_path, filter_type):
    path = write_png(tmp_path / "grey.png", IMAGE, filter_type=filter_type)
    assert read_png(path).tolist() == IMAGE
    # Every row carries the filter asked for
    content = Path(path).read_bytes()
    idat = content.index(b"IDAT")
    length = struct.unpack(">I", content[idat - 4:idat])[0]
    raw = zlib.decompress(content[idat + 4:idat + 4 + length])
    assert [raw[y * 12] for y in range(7)] == [filter_type] * 7
    colour = write_png(tmp_path / "colour.png", COLOUR, filter_type=filter_type)
    assert read_png(colour).tolist() == COLOUR
    rgb = [[pixel[:3] for pixel in row] for row in COLOUR]
    assert read_png(write_png(tmp_path / "rgb.png", rgb, filter_type)).tolist() == rgb


def test_write_png_refuses_bad_images(tmp_path):
    with pytest.raises(ValueError, match=r"image\[1\] does not have 2 pixels"):
        write_png(tmp_path / "x.png", [[1, 2], [3]])
    with pytest.raises(ValueError, match=r"image\[0\]\[1\] holds 256"):
        write_png(tmp_path / "x.png", [[1, 256]])
    with pytest.raises(ValueError, match=r"image\[0\]\[0\] holds 1.5"):
        write_png(tmp_path / "x.png", [[1.5]])
    with pytest.raises(ValueError, match="filter_type must be 0-4"):
        write_png(tmp_path / "x.png", [[1]], filter_type=5)
    assert not (tmp_path / "x.png").exists()


def test_png_image_repr():
    image = PngImage("a.png", 3, 2, 0, bytes(6))
    assert repr(image) == "PngImage(path='a.png', width=3, height=2, grayscale)"


# --- errors: each names the file and the problem ---

def hand_made(**header):
    return png_bytes(3, 2, [[0] + PIXELS[0], [0] + PIXELS[1]], **header)


def test_16_bit_png_is_refused_by_name(tmp_path):
    path = write(tmp_path, png_bytes(1, 1, [[0, 1, 2]], bit_depth=16))
    with pytest.raises(PngError, match=r"image\.png: unsupported PNG: 16-bit grayscale"):
        read_png(path)


def test_interlaced_png_is_refused_by_name(tmp_path):
    path = write(tmp_path, hand_made(interlace=1))
    with pytest.raises(PngError, match=r"image\.png: unsupported PNG: interlaced \(Adam7\)"):
        read_png(path)


def test_palette_and_low_bit_depths_are_refused(tmp_path):
    with pytest.raises(PngError, match=r"palette \(colour type 3\)"):
        read_png(write(tmp_path, hand_made(color_type=3)))
    with pytest.raises(PngError, match=r"4-bit grayscale"):
        read_png(write(tmp_path, hand_made(bit_depth=4)))


@pytest.mark.parametrize("cut", [0, 5, 8, 12, 20, 33, 40, -13, -12, -1])
def test_truncated_png_is_refused_by_name(tmp_path, cut):
    content = hand_made()
    path = write(tmp_path, content[:cut] if cut else b"")
    with pytest.raises(PngError, match=r"image\.png: truncated PNG"):
        read_png(path)


def test_broken_crc_is_refused_by_name(tmp_path):
    content = bytearray(hand_made())
    idat = content.index(b"IDAT")
    content[idat + 6] ^= 0x01  # one bit of the compressed data
    with pytest.raises(PngError, match=r"image\.png: broken chunk IDAT at byte 33: its CRC"):
        read_png(write(tmp_path, bytes(content)))


def test_broken_data_with_good_crcs_is_refused(tmp_path):
    header = struct.pack(">IIBBBBB", 3, 2, 8, 0, 0, 0, 0)
    start = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    garbage = start + chunk(b"IDAT", b"not zlib") + chunk(b"IEND", b"")
    with pytest.raises(PngError, match="broken IDAT data: zlib cannot inflate"):
        read_png(write(tmp_path, garbage, "garbage.png"))
    bad_filter = png_bytes(3, 2, [[5, 1, 2, 3], [0, 1, 2, 3]])
    with pytest.raises(PngError, match="row 0 has filter type 5"):
        read_png(write(tmp_path, bad_filter, "filter.png"))
    short_rows = start + chunk(b"IDAT", zlib.compress(b"\0\1\2\3")) + chunk(b"IEND", b"")
    with pytest.raises(PngError, match="truncated PNG: the IDAT data holds fewer bytes: 4 of "
                                       "the 8"):
        read_png(write(tmp_path, short_rows, "short.png"))
    long_rows = start + chunk(b"IDAT", zlib.compress(bytes(20))) + chunk(b"IEND", b"")
    with pytest.raises(PngError, match="more than the 8 bytes"):
        read_png(write(tmp_path, long_rows, "long.png"))
    no_header = b"\x89PNG\r\n\x1a\n" + chunk(b"IDAT", b"") + chunk(b"IEND", b"")
    with pytest.raises(PngError, match="the first chunk is IDAT, not IHDR"):
        read_png(write(tmp_path, no_header, "noheader.png"))
    huge = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    with pytest.raises(PngError, match="100000 x 100000 pixels, more than"):
        decode_png(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", huge), "huge.png")


def test_a_file_that_is_not_a_png_is_refused(tmp_path):
    with pytest.raises(PngError, match=r"notes\.png: not a PNG file"):
        read_png(write(tmp_path, b"GIF89a........", "notes.png"))
    with pytest.raises(FileNotFoundError):
        read_png(tmp_path / "missing.png")


# --- oracles: OpenCV (the book's reader) and Pillow read the same pixels ---

def test_opencv_reads_what_write_png_writes_and_read_png_reads_what_it_writes(tmp_path):
    cv2 = pytest.importorskip("cv2", reason="OpenCV (pip install opencv-python-headless) "
                                            "is the optional oracle")
    np = pytest.importorskip("numpy")
    generator = np.random.default_rng(0)
    for filter_type in range(5):
        path = write_png(tmp_path / f"f{filter_type}.png", IMAGE, filter_type)
        assert cv2.imread(str(path), cv2.IMREAD_UNCHANGED).tolist() == IMAGE
    for channels in (1, 3, 4):
        shape = (13, 17) if channels == 1 else (13, 17, channels)
        mine_image = generator.integers(0, 256, shape, dtype=np.uint8)
        path = str(tmp_path / f"cv{channels}.png")
        cv2.imwrite(path, mine_image)
        assert read_png(path).tolist() == cv2.imread(path, cv2.IMREAD_UNCHANGED).tolist()
        assert read_png(path, grayscale=True).tolist() == \
            cv2.imread(path, cv2.IMREAD_GRAYSCALE).tolist()


def test_pillow_files_with_adaptive_filters_read_as_pillow_reads_them(tmp_path):
    Image = pytest.importorskip("PIL.Image", reason="Pillow is an optional oracle")
    np = pytest.importorskip("numpy")
    generator = np.random.default_rng(1)
    filters_seen = set()
    for mode, shape in (("L", (20, 30)), ("LA", (20, 30, 2)), ("RGB", (20, 30, 3)),
                        ("RGBA", (20, 30, 4))):
        # Smooth gradients plus noise: Pillow's optimizer picks different filters per row
        ramp = np.add.outer(np.arange(shape[0]) * 3, np.arange(shape[1]) * 2)
        pixels = (ramp.reshape(shape[:2] + (1,) * (len(shape) - 2))
                  + generator.integers(0, 4, shape)).astype(np.uint8)
        path = tmp_path / f"{mode}.png"
        Image.fromarray(pixels, mode=mode).save(path, optimize=True)
        image = read_png(path)
        assert image.pixels == pixels.tobytes()
        content = path.read_bytes()
        idat = content.index(b"IDAT")
        raw = zlib.decompress(content[idat + 4:idat + 4 + struct.unpack(
            ">I", content[idat - 4:idat])[0]])
        row = 1 + shape[1] * (shape[2] if len(shape) == 3 else 1)
        filters_seen.update(raw[y * row] for y in range(shape[0]))
    assert len(filters_seen) >= 2, filters_seen


# --- Fashion-MNIST: 1,000 images written and read back equal to the IDX pixels ---

def test_fashion_mnist_images_written_and_read_back_equal_the_idx_pixels(tmp_path):
    from purenn.idx import load_idx, mnist_files

    if not DEBIAN_FOLDER.is_dir():
        pytest.skip("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
    images = load_idx(mnist_files(DEBIAN_FOLDER, "t10k")[0])
    size = images.item_size
    for index in range(1000):
        pixels = images.values[index * size:(index + 1) * size]
        gold = [pixels[r * 28:(r + 1) * 28].tolist() for r in range(28)]
        path = write_png(tmp_path / f"{index:04d}.png", gold, filter_type=index % 5)
        mine = read_png(path)
        assert mine.pixels == pixels.tobytes(), f"image {index}"
        assert mine.tolist() == gold
