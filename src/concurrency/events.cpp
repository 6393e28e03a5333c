#include "concurrency/events.hpp"

#include "error.hpp"

namespace ectl {

TurnEvents::~TurnEvents() {
    cancel_alarm();
}

void TurnEvents::push(TurnEvent event) {
    bool stops = event.kind != TurnEvent::Kind::child_exit;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (stops && !m_stop_cause) {
            m_stop_cause = event;
        }
        m_queue.push_back(std::move(event));
    }
    m_cv.notify_all();
    if (stops) {
        std::lock_guard<std::mutex> lock(m_hook_mutex);
        if (m_hook) {
            m_hook();
        }
    }
}

void TurnEvents::signal(int signo) {
    push({TurnEvent::Kind::signal, signo, ""});
}

void TurnEvents::lost(const std::string& reason) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_lost) {
            return;
        }
        m_lost = true;
    }
    push({TurnEvent::Kind::lost, 0, reason});
}

void TurnEvents::child_exited(int status) {
    push({TurnEvent::Kind::child_exit, status, ""});
}

void TurnEvents::set_alarm(std::chrono::steady_clock::time_point when) {
    cancel_alarm();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_alarm_cancelled = false;
    }
    m_alarm = std::thread([this, when] {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_cv.wait_until(lock, when, [this] { return m_alarm_cancelled; })) {
                return;
            }
        }
        push({TurnEvent::Kind::timeout, 0, ""});
    });
}

void TurnEvents::cancel_alarm() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_alarm_cancelled = true;
    }
    m_cv.notify_all();
    if (m_alarm.joinable()) {
        m_alarm.join();
    }
}

std::optional<TurnEvent> TurnEvents::stop_cause() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_stop_cause;
}

void TurnEvents::arm(std::function<void()> cancel) {
    std::lock_guard<std::mutex> lock(m_hook_mutex);
    m_hook = std::move(cancel);
    if (stop_cause()) {
        m_hook();
    }
}

void TurnEvents::disarm() {
    std::lock_guard<std::mutex> lock(m_hook_mutex);
    m_hook = nullptr;
}

bool TurnEvents::next(TurnEvent& event, std::optional<std::chrono::steady_clock::time_point> deadline) {
    std::unique_lock<std::mutex> lock(m_mutex);
    auto ready = [this] { return !m_queue.empty(); };
    if (deadline) {
        if (!m_cv.wait_until(lock, *deadline, ready)) {
            return false;
        }
    } else {
        m_cv.wait(lock, ready);
    }
    event = std::move(m_queue.front());
    m_queue.pop_front();
    return true;
}

} // namespace ectl
