FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/lock.txt requirements/lock.txt
RUN pip install --no-cache-dir -r requirements/lock.txt
COPY . .
RUN useradd --create-home claimtrack && chown -R claimtrack /app
USER claimtrack
EXPOSE 8000
CMD ["gunicorn", "claimtrack.wsgi:application", "--bind", "0.0.0.0:8000"]
