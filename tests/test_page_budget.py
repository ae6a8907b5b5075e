"""Page threads are let through by the pixels they hold, not by their number."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from extract.scan import PixelBudget


def test_pages_read_at_once_are_held_to_a_pixel_budget():
    """Room for two pages of 4 under a limit of 10: a third waits; a page of 15 is read alone."""
    budget = PixelBudget(10)
    reading, seen, lock = [], [], threading.Lock()

    def read(pixels: int) -> None:
        with budget.held(pixels):
            with lock:
                reading.append(pixels)
                seen.append(list(reading))
            time.sleep(0.05)
            with lock:
                reading.remove(pixels)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(read, [4, 4, 4, 15, 4, 4]))
    assert len(seen) == 6 and budget.in_use == 0
    assert all(sum(s) <= 10 for s in seen if 15 not in s)
    assert all(s == [15] for s in seen if 15 in s)
    assert max(len(s) for s in seen) == 2  # pages that fit are still read side by side

