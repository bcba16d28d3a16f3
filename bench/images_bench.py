"""Accepting a phone photo: a 12-megapixel JPEG (4000 x 3000, with EXIF and noise like a
real photo, made here) through proposals.services.add_image, the way the upload route calls
it: check, decode (JPEG draft at half scale), orientation, re-encode the 1600 px picture and
its 400 px thumbnail, write both files, flush the row. Seconds per upload (p50 of a few) and
the memory the process needs for it: Python's peak (tracemalloc, a separate run) and the
growth of the resident set (ru_maxrss), which also counts Pillow's pixel buffers.

`python -m bench.images_bench` runs it alone; `python -m bench.run --only images` with the
others.
"""

from __future__ import annotations

import io
import multiprocessing
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

UPLOADS = 5
TARGET_S = 1.0
TARGET_MIB = 150


def photo(seed: int = 0) -> bytes:
    """A 12 MP JPEG that compresses like a photo (noise over a gradient), with EXIF."""
    noise = Image.effect_noise((4000, 3000), 40 + seed).convert("RGB")
    gradient = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    picture = Image.blend(noise, gradient, 0.5)
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "Bench camera"
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(uploads: int = UPLOADS) -> dict:
    from participation import create_app
    from participation.accounts import services as account_services
    from participation.config import TestConfig
    from participation.extensions import db
    from participation.processes import services as process_services
    from participation.processes.models import PhaseKind
    from participation.proposals import services as proposal_services
    from participation.proposals.models import ProposalImage

    # made in another process, so that making them does not raise this one's peak RSS
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        photos = pool.map(photo, range(uploads))
    with tempfile.TemporaryDirectory(prefix="zk-bench-img-") as folder:
        config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
        app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db",
                          "UPLOAD_DIR": str(Path(folder, "uploads"))})
        with app.app_context():
            db.create_all()
            user = account_services.create_user("bench@example.org", "Bench", "pw-bench-12345",
                                                confirmed=True)
            process = process_services.create_process("bench", "Bench", "Bench",
                                                      phase=PhaseKind.IDEAS)
            proposal = proposal_services.submit_proposal(
                user, process, proposal_services.ProposalInput("Ein Foto", "Vom Markt."))
            db.session.commit()

            def upload(data: bytes) -> float:
                started = time.perf_counter()
                proposal_services.add_image(user, proposal, data, "Der Markt")
                elapsed = time.perf_counter() - started
                db.session.rollback()  # frees the place again (and deletes the files)
                return elapsed

            rss_before = _rss_mib()
            times = [upload(data) for data in photos]
            rss_growth = _rss_mib() - rss_before
            tracemalloc.start()
            upload(photos[0])
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            left = db.session.execute(select(func.count(ProposalImage.id))).scalar_one()
            files_left = len(list(Path(folder, "uploads").glob("*")))
            db.session.remove()
            db.engine.dispose()
    p50 = statistics.median(times)
    return {
        "uploads": uploads, "bytes": len(photos[0]), "size": "4000x3000",
        "p50_s": p50, "max_s": max(times), "tracemalloc_peak_mib": peak / 2**20,
        "rss_growth_mib": rss_growth, "rows_left": left, "files_left": files_left,
        "target": f"< {TARGET_S:g} s, < {TARGET_MIB} MiB",
        "met": p50 < TARGET_S and rss_growth < TARGET_MIB and peak / 2**20 < TARGET_MIB,
    }


def print_result(result: dict) -> None:
    print(f"\nPictures: {result['uploads']} uploads of a {result['size']} JPEG "
          f"({result['bytes'] / 1e6:.1f} MB) through add_image")
    print(f"{'p50 s':>8}{'max s':>8}{'py peak MiB':>13}{'RSS +MiB':>10}  {'target':<22}met")
    print(f"{result['p50_s']:>8.2f}{result['max_s']:>8.2f}"
          f"{result['tracemalloc_peak_mib']:>13.1f}{result['rss_growth_mib']:>10.1f}  "
          f"{result['target']:<22}{'yes' if result['met'] else 'NO'}")


if __name__ == "__main__":
    print_result(run())
